#pragma once
// How model types and values are written in C++: type names, literals, default values.
// Pure functions of a checked model; nothing here can fail.

#include "model/model.hpp"

#include <map>
#include <string>
#include <string_view>

namespace rpcforge::emit {

/// The service's named types, found by the name a model::Type uses (the C++ name, or else the
/// wire name).
class TypeIndex {
public:
    explicit TypeIndex(const model::Service& service);

    const model::TypeDecl* find(const std::string& name) const;
    bool is_enum(const std::string& name) const;
    /// True for a type the user's C++ header declares (cpp_declared set): generated code uses it
    /// and defines no type of its own.
    bool is_user_declared(const std::string& name) const;
    /// How generated code spells a named type: the user's own declaration (e.g. `chat::Message`),
    /// else its C++ name; the name itself when it is not declared (a broken model).
    std::string cpp_name(const std::string& name) const;
    std::string wire_name(const std::string& name) const;

private:
    std::map<std::string, const model::TypeDecl*> by_cpp_;
    std::map<std::string, const model::TypeDecl*> by_wire_;
};

/// The name of any declared type.
const model::Name& name_of(const model::TypeDecl& decl);

/// The qualified name of the user's own declaration of a type; empty when generated code declares it.
const std::string& cpp_declared_of(const model::TypeDecl& decl);

/// How generated code spells a declared type: the user's own declaration, else its C++ name.
template <class Decl>
const std::string& spelling_of(const Decl& decl) {
    return decl.cpp_declared.empty() ? decl.name.cpp : decl.cpp_declared;
}
const std::string& spelling_of(const model::TypeDecl& decl);

/// The C++ type of a model type, e.g. `std::vector<std::optional<std::int32_t>>`; Type::cpp,
/// the spelling of the user's header, when it is set.
std::string cpp_type(const model::Type& type, const TypeIndex& index);

/// True for types passed by value: bool, numbers, enums, and std::optional of those.
bool is_cheap_to_copy(const model::Type& type, const TypeIndex& index);

/// True for types that have no default constructor worth the name: members get `{}`.
bool needs_value_initialisation(const model::Type& type, const TypeIndex& index);

/// A phrase naming what a JSON value of this type is, for error messages: "an integer", "a Point".
std::string json_kind_phrase(const model::Type& type, const TypeIndex& index);

/// The text of a C++ string literal's content: quotes, backslashes and control characters escaped.
std::string escape_string(std::string_view text);

/// A raw string literal holding `text` whose delimiter (`base`, or `base` with a number) does
/// not occur in it, e.g. R"json({"a": 1})json".
std::string raw_string_literal(std::string_view text, std::string_view base);

/// The C++ expression of a default value given as JSON text, of the C++ type of `type`:
/// `true`, `42`, `1.5`, `"text"`, `Rounding::nearest`, `std::nullopt`, `{}`, or a call that
/// parses the JSON for composite values.
std::string cpp_default_value(const std::string& json_text, const model::Type& type, const TypeIndex& index);

/// `Calculator` -> `calculator`, `HTTPServer` -> `http_server`.
std::string snake_case(std::string_view name);

}  // namespace rpcforge::emit
