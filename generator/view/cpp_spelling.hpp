#pragma once
// How model types and values are written in C++: type names, literals, default values.
// Pure functions of a checked model; nothing here can fail.

#include "model/model.hpp"
#include "model/type_table.hpp"

#include <string>
#include <string_view>

namespace rpcforge::view {

/// Generated code finds declared types through the model's one index of them.
using model::TypeTable;
using model::name_of;
using model::cpp_declared_of;
using model::spelling_of;

/// The C++ type of a model type, e.g. `std::vector<std::optional<std::int32_t>>`; Type::cpp,
/// the spelling of the user's header, when it is set.
std::string cpp_type(const model::Type& type, const TypeTable& index);

/// True for types passed by value: bool, numbers, enums, and std::optional of those.
bool is_cheap_to_copy(const model::Type& type, const TypeTable& index);

/// True for types that have no default constructor worth the name: members get `{}`.
bool needs_value_initialisation(const model::Type& type, const TypeTable& index);

/// A phrase naming what a JSON value of this type is, for error messages: "an integer", "a Point".
std::string json_kind_phrase(const model::Type& type, const TypeTable& index);

/// The text of a C++ string literal's content: quotes, backslashes and control characters escaped.
std::string escape_string(std::string_view text);

/// A raw string literal holding `text` whose delimiter (`base`, or `base` with a number) does
/// not occur in it, e.g. R"json({"a": 1})json".
std::string raw_string_literal(std::string_view text, std::string_view base);

/// The C++ expression of a default value given as JSON text, of the C++ type of `type`:
/// `true`, `42`, `1.5`, `"text"`, `Rounding::nearest`, `std::nullopt`, `{}`, or a call that
/// parses the JSON for composite values.
std::string cpp_default_value(const std::string& json_text, const model::Type& type, const TypeTable& index);

/// `Calculator` -> `calculator`, `HTTPServer` -> `http_server`.
std::string snake_case(std::string_view name);

}  // namespace rpcforge::view
