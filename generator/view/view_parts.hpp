#pragma once
// The parts of make_view, one file each: types, methods. Internal to the emitter.

#include "view/cpp_spelling.hpp"
#include "view/view.hpp"
#include "model/model.hpp"

#include <string>
#include <vector>

namespace rpcforge::view {

/// `///` lines of a summary and a description, with a blank comment line between them.
DocLines doc_lines(const std::string& summary, const std::string& description = {});

/// "a", "a or b", "a, b or c".
std::string join_alternatives(const std::vector<std::string>& phrases);

/// Enums, definitions in order, forward declarations, errors and the includes they need.
void add_types(const model::Service& service, const TypeTable& index, ServiceView& view);

MethodView method_view(const model::Method& method, const model::Service& service, const TypeTable& index,
                       const std::string& receiver);

}  // namespace rpcforge::view
