#pragma once
// The parts of check(), one per concern, and what they share.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <map>
#include <string>

namespace rpcforge::check::detail {

/// `calc.json:3:5` (as much of it as is known), for a message that names a second place.
std::string place(const model::SourceLocation& location);

/// A type as messages write it: `int64`, `array<string>`, `optional<User>`.
std::string type_text(const model::Type& type);

/// The declared types, found by the name a model::Type uses (C++ name, or else wire name).
class TypeTable {
public:
    explicit TypeTable(const model::Service& service);
    const model::TypeDecl* find(const std::string& name) const;

private:
    std::map<std::string, const model::TypeDecl*> by_name_;
};

void check_names(const model::Service& service, diagnostics::Sink& sink);
void check_types(const model::Service& service, const TypeTable& types, diagnostics::Sink& sink);
void check_recursion(const model::Service& service, const TypeTable& types, diagnostics::Sink& sink);
void check_methods(const model::Service& service, diagnostics::Sink& sink);
void check_defaults(const model::Service& service, const TypeTable& types, diagnostics::Sink& sink);

}  // namespace rpcforge::check::detail
