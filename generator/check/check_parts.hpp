#pragma once
// The parts of check(), one per concern, and what they share.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"
#include "model/type_table.hpp"

#include <string>

namespace rpcforge::check::detail {

/// `calc.json:3:5` (as much of it as is known), for a message that names a second place.
std::string place(const model::SourceLocation& location);

void check_names(const model::Service& service, diagnostics::Sink& sink);
void check_types(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink);
void check_recursion(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink);
void check_methods(const model::Service& service, diagnostics::Sink& sink);
void check_subscriptions(const model::Service& service, diagnostics::Sink& sink);
void check_defaults(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink);

}  // namespace rpcforge::check::detail
