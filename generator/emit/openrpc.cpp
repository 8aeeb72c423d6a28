#include "model/type_table.hpp"
#include "emit/emit.hpp"

#include <nlohmann/json.hpp>

namespace rpcforge::emit {

namespace {

using model::Type;
using model::TypeTable;
using Json = nlohmann::ordered_json;

constexpr const char* openrpc_version = "1.3.2";

/// Keeps the C++ name where it is not the wire name, so that reading the document back gives it.
void put_cpp_name(Json& out, const model::Name& name) {
    if (name.cpp != name.wire) out["x-rpcforge-cpp"] = name.cpp;
}

void put_text(Json& out, const char* key, const std::string& text) {
    if (!text.empty()) out[key] = text;
}

/// The user's own declaration (C++ frontend): a service's interface, a type, a parameter's type.
void put_cpp_declared(Json& out, const std::string& declared) {
    put_text(out, "x-rpcforge-cpp-declared", declared);
}

Json schema_of(const Type& type, const TypeTable& index);

/// A nullable type: [T, "null"] where T's schema has a single "type" and T has no C++ spelling of
/// its own to keep apart from the nullable's; oneOf [T, null] otherwise ($ref, {}, ...).
Json nullable_of(const Type& value, const TypeTable& index) {
    Json schema = schema_of(value, index);
    auto type = schema.find("type");
    if (value.cpp.empty() && type != schema.end() && type->is_string()) {
        *type = Json::array({*type, "null"});
        return schema;
    }
    return Json{{"oneOf", Json::array({std::move(schema), Json{{"type", "null"}}})}};
}

/// The schema of a kind that is a JSON type of its own (no argument, no name): {"type": ..,
/// "format": ..} as the kind table gives them; {} for any value.
Json plain_schema(Type::Kind kind) {
    const auto& facts = model::facts_of(kind);
    Json schema = Json::object();
    if (!facts.schema_type.empty()) schema["type"] = facts.schema_type;
    if (!facts.schema_format.empty()) schema["format"] = facts.schema_format;
    return schema;
}

/// The schema of a type, without its C++ spelling.
Json shape_of(const Type& type, const TypeTable& index) {
    const Type& argument = model::argument_of(type);
    switch (type.kind) {
        case Type::Kind::boolean:
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64:
        case Type::Kind::number:
        case Type::Kind::string:
        case Type::Kind::json: return plain_schema(type.kind);
        case Type::Kind::array: return Json{{"type", "array"}, {"items", schema_of(argument, index)}};
        case Type::Kind::map: return Json{{"type", "object"}, {"additionalProperties", schema_of(argument, index)}};
        case Type::Kind::optional: return nullable_of(argument, index);
        case Type::Kind::named: return Json{{"$ref", "#/components/schemas/" + index.wire_name(type.name)}};
    }
    return Json::object();
}

Json schema_of(const Type& type, const TypeTable& index) {
    Json schema = shape_of(type, index);
    put_text(schema, "x-rpcforge-cpp-type", type.cpp);
    return schema;
}

void put_default(Json& schema, const std::optional<std::string>& default_json) {
    if (!default_json) return;
    auto value = Json::parse(*default_json, nullptr, false);
    if (!value.is_discarded()) schema["default"] = std::move(value);
}

Json struct_schema(const model::Struct& decl, const TypeTable& index) {
    Json out{{"type", "object"}};
    put_cpp_name(out, decl.name);
    put_cpp_declared(out, decl.cpp_declared);
    put_text(out, "description", decl.description);
    Json properties = Json::object();
    Json required = Json::array();
    for (const auto& field : decl.fields) {
        Json property = schema_of(field.type, index);
        put_text(property, "description", field.description);
        put_default(property, field.default_json);
        put_cpp_name(property, field.name);
        properties[field.name.wire] = std::move(property);
        if (field.required) required.push_back(field.name.wire);
    }
    out["properties"] = std::move(properties);
    if (!required.empty()) out["required"] = std::move(required);
    return out;
}

Json enum_schema(const model::Enum& decl) {
    Json out{{"type", "string"}};
    put_cpp_name(out, decl.name);
    put_cpp_declared(out, decl.cpp_declared);
    put_text(out, "description", decl.description);
    Json values = Json::array(), cpp_values = Json::array();
    bool same = true;
    for (const auto& value : decl.values) {
        values.push_back(value.wire);
        cpp_values.push_back(value.cpp);
        same = same && value.cpp == value.wire;
    }
    out["enum"] = std::move(values);
    if (!same) out["x-rpcforge-cpp-values"] = std::move(cpp_values);
    return out;
}

Json variant_schema(const model::Variant& decl, const TypeTable& index) {
    Json out = Json::object();
    put_cpp_name(out, decl.name);
    put_cpp_declared(out, decl.cpp_declared);
    put_text(out, "description", decl.description);
    Json alternatives = Json::array();
    for (const auto& alternative : decl.alternatives) alternatives.push_back(schema_of(alternative, index));
    if (decl.discriminator) {
        Json mapping = Json::object();
        for (std::size_t i = 0; i < decl.discriminator_values.size() && i < alternatives.size(); ++i)
            mapping[decl.discriminator_values[i]] = alternatives[i].value("$ref", "");
        out["discriminator"] = Json{{"propertyName", *decl.discriminator}, {"mapping", std::move(mapping)}};
    }
    out["oneOf"] = std::move(alternatives);
    return out;
}

Json type_schema(const model::TypeDecl& decl, const TypeTable& index) {
    if (const auto* s = std::get_if<model::Struct>(&decl)) return struct_schema(*s, index);
    if (const auto* e = std::get_if<model::Enum>(&decl)) return enum_schema(*e);
    return variant_schema(std::get<model::Variant>(decl), index);
}

Json param_object(const model::Param& param, const TypeTable& index) {
    Json out{{"name", param.name.wire}};
    put_text(out, "description", param.description);
    out["required"] = param.required;
    Json schema = schema_of(param.type, index);
    put_default(schema, param.default_json);
    out["schema"] = std::move(schema);
    put_cpp_name(out, param.name);
    put_cpp_declared(out, param.cpp_declared);
    return out;
}

const char* param_structure(model::ParamStructure structure) {
    switch (structure) {
        case model::ParamStructure::by_name: return "by-name";
        case model::ParamStructure::by_position: return "by-position";
        case model::ParamStructure::either: return "either";
    }
    return "either";
}

Json error_refs(const model::Method& method, const model::Service& service) {
    Json refs = Json::array();
    for (const auto& name : method.errors)
        for (const auto& error : service.errors)
            if (error.name.cpp == name) refs.push_back(Json{{"$ref", "#/components/errors/" + error.name.wire}});
    return refs;
}

Json method_object(const model::Method& method, const model::Service& service, const TypeTable& index) {
    Json out{{"name", method.name.wire}};
    put_text(out, "summary", method.summary);
    put_text(out, "description", method.description);
    out["paramStructure"] = param_structure(method.param_structure);
    Json params = Json::array();
    for (const auto& param : method.params) params.push_back(param_object(param, index));
    out["params"] = std::move(params);
    if (method.result) out["result"] = Json{{"name", "result"}, {"schema", schema_of(*method.result, index)}};
    if (Json errors = error_refs(method, service); !errors.empty()) out["errors"] = std::move(errors);
    if (!method.aliases.empty()) out["x-rpcforge-aliases"] = method.aliases;
    if (method.takes_context) out["x-rpcforge-context"] = true;
    if (method.is_async) out["x-rpcforge-async"] = true;
    if (method.is_coroutine) out["x-rpcforge-async"] = "coroutine";
    if (!method.roles.empty()) out["x-rpcforge-roles"] = method.roles;
    if (method.idempotent) out["x-rpcforge-idempotent"] = true;
    if (method.is_subscription) out["x-rpcforge-subscription"] = true;
    put_cpp_name(out, method.name);
    return out;
}

/// OpenRPC's error object admits no member beyond code, message and data (a value, not a
/// schema): what rpcforge knows beside them goes in components/x-rpcforge-errors, by the
/// error's key.
Json error_extensions(const model::ErrorDecl& error, const TypeTable& index) {
    Json out = Json::object();
    if (error.data) out["x-rpcforge-data"] = schema_of(*error.data, index);
    put_cpp_name(out, error.name);
    return out;
}

Json info_object(const model::Service& service) {
    Json out{{"title", service.title}, {"version", service.version}};
    put_text(out, "description", service.description);
    out["x-rpcforge-service"] = service.name.wire;
    put_cpp_name(out, service.name);
    put_text(out, "x-rpcforge-cpp-header", service.cpp_header);
    put_cpp_declared(out, service.cpp_declared);
    put_text(out, "x-rpcforge-cpp-callbacks", service.callbacks_cpp_declared);
    return out;
}

Json components(const model::Service& service, const TypeTable& index) {
    Json out = Json::object();
    if (!service.types.empty()) {
        Json schemas = Json::object();
        for (const auto& decl : service.types) schemas[name_of(decl).wire] = type_schema(decl, index);
        out["schemas"] = std::move(schemas);
    }
    if (!service.errors.empty()) {
        Json errors = Json::object();
        Json extensions = Json::object();
        for (const auto& error : service.errors) {
            errors[error.name.wire] = Json{{"code", error.code}, {"message", error.message}};
            if (Json members = error_extensions(error, index); !members.empty())
                extensions[error.name.wire] = std::move(members);
        }
        out["errors"] = std::move(errors);
        if (!extensions.empty()) out["x-rpcforge-errors"] = std::move(extensions);
    }
    return out;
}

}  // namespace

std::string emit_openrpc(const model::Service& service) {
    const TypeTable index(service);
    Json document{{"openrpc", openrpc_version}, {"info", info_object(service)}};
    Json methods = Json::array();
    for (const auto& method : service.methods) methods.push_back(method_object(method, service, index));
    document["methods"] = std::move(methods);
    if (Json parts = components(service, index); !parts.empty()) document["components"] = std::move(parts);
    if (!service.callbacks.empty()) {
        Json callbacks = Json::array();
        for (const auto& method : service.callbacks) callbacks.push_back(method_object(method, service, index));
        document["x-rpcforge-callbacks"] = std::move(callbacks);
    }
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace rpcforge::emit
