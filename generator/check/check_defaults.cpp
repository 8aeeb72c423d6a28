// Default values: JSON text that fits the type it is the default of. The emitters turn a
// default into a C++ expression and must not meet one that cannot be.

#include "check/check_parts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

namespace rpcforge::check::detail {

namespace {

using Json = nlohmann::json;
using model::Type;

bool fits(const Json& value, const Type& type, const model::TypeTable& types);

bool fits_integer(const Json& value, Type::Kind kind) {
    const auto& facts = model::facts_of(kind);
    if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= facts.max;
    if (!value.is_number_integer()) return false;
    const auto number = value.get<std::int64_t>();
    return number >= facts.min && (number < 0 || static_cast<std::uint64_t>(number) <= facts.max);
}

bool fits_declared(const Json& value, const model::TypeDecl& declaration, const model::TypeTable& types) {
    if (const auto* e = std::get_if<model::Enum>(&declaration)) {
        return value.is_string() && std::any_of(e->values.begin(), e->values.end(), [&](const model::Name& v) {
                   return v.wire == value.get<std::string>();
               });
    }
    if (const auto* v = std::get_if<model::Variant>(&declaration)) {
        return std::any_of(v->alternatives.begin(), v->alternatives.end(),
                           [&](const Type& alternative) { return fits(value, alternative, types); });
    }
    const auto& fields = std::get<model::Struct>(declaration).fields;
    return value.is_object() && std::all_of(fields.begin(), fields.end(), [&](const model::Field& field) {
               auto member = value.find(field.name.wire);
               if (member == value.end()) return !field.required || field.default_json.has_value();
               return fits(*member, field.type, types);
           });
}

bool fits(const Json& value, const Type& type, const model::TypeTable& types) {
    switch (type.kind) {
        case Type::Kind::boolean: return value.is_boolean();
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64: return fits_integer(value, type.kind);
        case Type::Kind::number: return value.is_number();
        case Type::Kind::string: return value.is_string();
        case Type::Kind::json: return true;
        case Type::Kind::array:
            return value.is_array() && std::all_of(value.begin(), value.end(), [&](const Json& element) {
                       return type.args.empty() || fits(element, type.args.front(), types);
                   });
        case Type::Kind::map:
            return value.is_object() && std::all_of(value.begin(), value.end(), [&](const Json& element) {
                       return type.args.empty() || fits(element, type.args.front(), types);
                   });
        case Type::Kind::optional: return value.is_null() || type.args.empty() || fits(value, type.args.front(), types);
        case Type::Kind::named: {
            // An undeclared type is reported by check_types.
            const auto* declaration = types.find(type.name);
            return !declaration || fits_declared(value, *declaration, types);
        }
    }
    return false;
}

void check_default(const std::optional<std::string>& text, const Type& type, const std::string& what,
                   const model::SourceLocation& location, const model::TypeTable& types, diagnostics::Sink& sink) {
    if (!text) return;
    Json value = Json::parse(*text, nullptr, false);
    if (value.is_discarded()) {
        sink.error(location, "the default of " + what + " is not JSON: " + *text);
    } else if (!fits(value, type, types)) {
        sink.error(location,
                   "the default " + *text + " of " + what + " is not a value of its type " + model::type_text(type));
    }
}

}  // namespace

void check_defaults(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink) {
    for (const auto& declaration : service.types) {
        const auto* s = std::get_if<model::Struct>(&declaration);
        if (!s) continue;
        for (const auto& field : s->fields) {
            check_default(field.default_json, field.type,
                          "field '" + field.name.wire + "' of struct '" + s->name.wire + "'", field.location, types,
                          sink);
        }
    }
    for (const auto* methods : {&service.methods, &service.callbacks}) {
        for (const auto& method : *methods) {
            for (const auto& param : method.params) {
                check_default(param.default_json, param.type,
                              "parameter '" + param.name.wire + "' of method '" + method.name.wire + "'",
                              param.location, types, sink);
            }
        }
    }
}

}  // namespace rpcforge::check::detail
