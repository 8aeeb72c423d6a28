#pragma once
// Short ways to write expected models in tests.

#include "model/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rpcforge::model::testing {

using Kind = Type::Kind;

inline Name name(const std::string& wire) { return {wire, wire}; }
inline Name name(const std::string& wire, const std::string& cpp) { return {wire, cpp}; }

inline Type of(Kind kind) { return Type::of(kind); }
inline Type named(const std::string& name) { return Type::named_type(name); }

inline Field field(Name name, Type type, bool required = true, std::optional<std::string> default_json = {}) {
    Field out;
    out.name = std::move(name);
    out.type = std::move(type);
    out.required = required;
    out.default_json = std::move(default_json);
    return out;
}

inline Param param(Name name, Type type, bool required = true, std::optional<std::string> default_json = {}) {
    Param out;
    out.name = std::move(name);
    out.type = std::move(type);
    out.required = required;
    out.default_json = std::move(default_json);
    return out;
}

inline Method method(Name name, std::vector<Param> params, std::optional<Type> result) {
    Method out;
    out.name = std::move(name);
    out.params = std::move(params);
    out.result = std::move(result);
    return out;
}

inline Struct structure(Name name, std::vector<Field> fields) {
    return Struct{std::move(name), std::move(fields), {}, {}, {}};
}

inline Enum enumeration(Name name, std::vector<Name> values) {
    return Enum{std::move(name), std::move(values), {}, {}, {}};
}

inline Variant variant(Name name, std::vector<Type> alternatives, std::optional<std::string> discriminator = {},
                       std::vector<std::string> values = {}) {
    return Variant{std::move(name), std::move(alternatives), std::move(discriminator), std::move(values), {}, {}, {}};
}

inline ErrorDecl error(Name name, int code, std::string message, std::optional<Type> data = {}) {
    return ErrorDecl{std::move(name), code, std::move(message), std::move(data), {}};
}

inline SourceLocation at(const std::string& file, int line, int column, const std::string& pointer) {
    return {file, line, column, pointer};
}

}  // namespace rpcforge::model::testing
