#pragma once
// A parameter's C++ default argument as the JSON default of the model (`int limit = 10` ->
// "10"): literals of the parameter's own kind, and enumerators.

#include "frontend/cpp/ast_context.hpp"

#include <clang/AST/Expr.h>

#include <optional>
#include <string>

namespace rpcforge::frontend::cpp {

/// Looks through the conversions and temporaries around a literal: `std::string s = "x"` holds
/// the literal inside a constructor call.
const clang::Expr* literal_inside(const clang::Expr* value);

/// The JSON text of `value` as a default of `type`; nothing, after reporting why, when it is
/// not a constant JSON can hold.
std::optional<std::string> default_json(const AstContext& context, const clang::Expr& value, const model::Type& type);

}  // namespace rpcforge::frontend::cpp
