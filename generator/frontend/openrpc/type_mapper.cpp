#include "frontend/openrpc/type_mapper.hpp"

#include "frontend/openrpc/json_pointer.hpp"
#include "model/type_kinds.hpp"

#include <algorithm>
#include <utility>

namespace rpcforge::frontend::openrpc {

using model::Type;

namespace {

const std::string components_schemas = "/components/schemas";

/// Keywords that select behaviour JSON Schema has and C++ types cannot express.
const std::vector<std::string> unsupported_keywords = {"not",
                                                       "if",
                                                       "then",
                                                       "else",
                                                       "patternProperties",
                                                       "propertyNames",
                                                       "dependencies",
                                                       "contains",
                                                       "additionalItems",
                                                       "definitions"};

/// What may stand next to a $ref: annotations, which do not change the type.
const std::set<std::string> ref_siblings = {"$ref",     "description", "title",     "default",   "$comment",
                                            "examples", "readOnly",    "writeOnly", "deprecated"};

}  // namespace

void TypeMapper::reserve_component_names() {
    const Json* schemas = context_.find(components_schemas);
    if (!schemas || !schemas->is_object()) return;
    for (const auto& [key, schema] : schemas->items()) {
        model::Name name = context_.naming.type(key, schema);
        context_.names.reserve(name.cpp);
        std::string pointer = pointer_append(components_schemas, key);
        component_names_[pointer] = name;
        component_order_[pointer] = component_order_.size();
    }
}

void TypeMapper::order_types() {
    auto rank = [&](const model::TypeDecl& declaration) {
        const auto& pointer =
            std::visit([](const auto& d) -> const std::string& { return d.location.pointer; }, declaration);
        auto component = component_order_.find(pointer);
        return component == component_order_.end() ? component_order_.size() : component->second;
    };
    std::stable_sort(context_.service.types.begin(), context_.service.types.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

void TypeMapper::map_components() {
    const Json* schemas = context_.find(components_schemas);
    if (!schemas || !schemas->is_object()) return;
    for (const auto& [key, schema] : schemas->items()) {
        std::string pointer = pointer_append(components_schemas, key);
        map(schema, pointer, component_names_.at(pointer).cpp);
    }
}

Type TypeMapper::map(const Json& schema, const std::string& pointer, const std::string& name) {
    // A component that failed validation: its problems are reported; what uses it gets JSON.
    if (context_.is_invalid(pointer)) return Type::of(Type::Kind::json);
    if (auto known = types_.find(pointer); known != types_.end()) return known->second;
    in_progress_.insert(pointer);
    Type type = map_uncached(schema, pointer, name);
    in_progress_.erase(pointer);
    // How a C++ header spells the type: what rpcforge writes for a service declared in C++.
    if (std::string cpp = string_member(schema, "x-rpcforge-cpp-type"); !cpp.empty()) type.cpp = std::move(cpp);
    types_[pointer] = type;
    return type;
}

Type TypeMapper::map_uncached(const Json& schema, const std::string& pointer, const std::string& name) {
    if (schema.is_boolean()) {
        if (!schema.get<bool>()) context_.error(pointer, "the schema 'false' allows no value; it has no C++ type");
        return Type::of(Type::Kind::json);
    }
    if (!schema.is_object()) return Type::of(Type::Kind::json);
    report_unsupported_keywords(schema, pointer);
    if (schema.contains("$ref")) return map_ref(schema, pointer);
    if (schema.contains("oneOf") || schema.contains("anyOf")) return map_variant(schema, pointer, name);
    if (schema.contains("discriminator")) {
        context_.error_at_key(pointer_append(pointer, "discriminator"), "a discriminator needs oneOf or anyOf");
    }
    if (schema.contains("allOf")) return map_all_of(schema, pointer, name);
    auto shape = shape_of(schema, pointer);
    if (!shape) return Type::of(Type::Kind::json);
    return map_shape(schema, pointer, name, *shape);
}

void TypeMapper::report_unsupported_keywords(const Json& schema, const std::string& pointer) {
    for (const auto& keyword : unsupported_keywords) {
        if (!schema.contains(keyword)) continue;
        std::string message = "unsupported schema keyword '" + keyword + "'";
        if (keyword == "definitions") message += "; declare shared schemas in components/schemas";
        context_.error_at_key(pointer_append(pointer, keyword), message);
    }
    const Json* items = member(schema, "items");
    if (items && items->is_array()) {
        context_.error(pointer_append(pointer, "items"), "tuples ('items' as an array) are not supported");
    }
}

Type TypeMapper::map_ref(const Json& schema, const std::string& pointer) {
    for (const auto& [key, value] : schema.items()) {
        if (ref_siblings.count(key) || key.starts_with("x-")) continue;
        context_.error_at_key(pointer_append(pointer, key),
                              "'" + key + "' next to $ref is not supported (JSON Schema draft-07 ignores it)");
    }
    auto target = ref_target(schema, pointer, true);
    if (!target) return Type::of(Type::Kind::json);
    if (in_progress_.count(*target) && !types_.count(*target)) {
        context_.error(pointer_append(pointer, "$ref"),
                       "recursive schema '" + schema["$ref"].get<std::string>() +
                           "': only an object, an enum or a variant may contain itself");
        return Type::of(Type::Kind::json);
    }
    return map(*context_.find(*target), *target, component_names_.at(*target).cpp);
}

std::optional<std::string> TypeMapper::ref_target(const Json& schema, const std::string& pointer, bool report) const {
    std::string at = pointer_append(pointer, "$ref");
    const Json* ref = member(schema, "$ref");
    if (!ref || !ref->is_string()) return std::nullopt;
    auto target = local_ref_pointer(ref->get<std::string>());
    std::string quoted = "'" + ref->get<std::string>() + "'";
    if (!target) {
        if (report) context_.error(at, "only references within the document are supported, not " + quoted);
        return std::nullopt;
    }
    auto tokens = pointer_tokens(*target);
    if (tokens->size() != 3 || (*tokens)[0] != "components" || (*tokens)[1] != "schemas") {
        if (report) context_.error(at, "a schema may only refer to '#/components/schemas/<name>', not " + quoted);
        return std::nullopt;
    }
    if (!component_names_.count(*target)) {
        if (report) context_.error(at, quoted + " refers to no schema");
        return std::nullopt;
    }
    return target;
}

/// The component schema at `pointer` when it passed validation: the content of one that did not
/// may have any shape (and its problems are reported already).
const Json* TypeMapper::valid_component(const std::string& pointer) const {
    return context_.is_invalid(pointer) ? nullptr : context_.find(pointer);
}

const Json* TypeMapper::follow_refs(const Json& schema) const {
    const Json* at = &schema;
    // A cycle of bare references is reported where it is mapped; here it only has to end.
    for (int hops = 0; at->is_object() && at->contains("$ref"); ++hops) {
        auto target = ref_target(*at, "", false);
        if (!target || hops > 64) return nullptr;
        at = valid_component(*target);
        if (!at) return nullptr;
    }
    return at;
}

std::optional<TypeMapper::Shape> TypeMapper::shape_of(const Json& schema, const std::string& pointer) {
    Shape shape;
    if (const Json* type = member(schema, "type")) {
        std::vector<std::string> types;
        for (const auto& each : type->is_array() ? *type : Json::array({*type})) {
            if (each == "null")
                shape.nullable = true;
            else
                types.push_back(each.get<std::string>());
        }
        std::string at = pointer_append(pointer, "type");
        if (types.size() > 1) {
            context_.error(at,
                           "a value of several types (" + types[0] + ", " + types[1] + ") is not supported; use oneOf");
            return std::nullopt;
        }
        if (types.empty()) {
            context_.error(at, "a schema that allows only null has no C++ type");
            return std::nullopt;
        }
        shape.type = types[0];
        return shape;
    }
    if (schema.contains("properties") || schema.contains("additionalProperties"))
        shape.type = "object";
    else if (schema.contains("items"))
        shape.type = "array";
    else if (const Json* values = member(schema, "enum")) {
        for (std::size_t i = 0; i < values->size(); ++i) {
            if ((*values)[i].is_null())
                shape.nullable = true;
            else if (!(*values)[i].is_string()) {
                context_.error(pointer_append(pointer_append(pointer, "enum"), i),
                               "enum values must be strings, not " + (*values)[i].dump());
                return std::nullopt;
            }
        }
        shape.type = "string";
    } else if (const Json* constant = member(schema, "const")) {
        if (constant->is_string())
            shape.type = "string";
        else if (constant->is_boolean())
            shape.type = "boolean";
        else if (constant->is_number_integer())
            shape.type = "integer";
        else if (constant->is_number())
            shape.type = "number";
    }
    return shape;
}

Type TypeMapper::map_shape(const Json& schema, const std::string& pointer, const std::string& name,
                           const Shape& shape) {
    if (schema.contains("enum") && shape.type != "string") {
        context_.error(pointer_append(pointer, "enum"),
                       "enum is supported for strings only, not for values of type '" + shape.type + "'");
        return Type::of(Type::Kind::json);
    }
    if (shape.type == "string" && schema.contains("enum")) return map_enum(schema, pointer, name, shape.nullable);
    if (shape.type == "object") return map_object(schema, pointer, name, shape.nullable);
    Type type = Type::of(Type::Kind::json);
    if (shape.type == "boolean")
        type = Type::of(Type::Kind::boolean);
    else if (shape.type == "integer")
        type = map_integer(schema, pointer);
    else if (shape.type == "number")
        type = map_number(schema, pointer);
    else if (shape.type == "string")
        type = Type::of(Type::Kind::string);
    else if (shape.type == "array")
        type = map_array(schema, pointer, name);
    return shape.nullable ? Type::optional_of(std::move(type)) : type;
}

Type TypeMapper::map_integer(const Json& schema, const std::string& pointer) {
    std::string format = string_member(schema, "format");
    if (format.empty()) return Type::of(Type::Kind::int64);
    for (const auto& facts : model::kind_table)
        if (facts.is_integer && facts.schema_format == format) return Type::of(facts.kind);
    context_.error(pointer_append(pointer, "format"), "unsupported integer format '" + format + "'");
    return Type::of(Type::Kind::int64);
}

Type TypeMapper::map_number(const Json& schema, const std::string& pointer) {
    std::string format = string_member(schema, "format");
    if (!format.empty() && format != "double" && format != "float") {
        context_.error(pointer_append(pointer, "format"), "unsupported number format '" + format + "'");
    }
    return Type::of(Type::Kind::number);
}

Type TypeMapper::map_array(const Json& schema, const std::string& pointer, const std::string& name) {
    const Json* items = member(schema, "items");
    if (!items || items->is_array()) return Type::array_of(Type::of(Type::Kind::json));
    return Type::array_of(map(*items, pointer_append(pointer, "items"), name + "Item"));
}

std::optional<std::string> TypeMapper::default_of(const Json& schema) const {
    const Json* at = &schema;
    for (int hops = 0; at && at->is_object() && hops < 64; ++hops) {
        if (const Json* value = member(*at, "default")) return value->dump();
        if (!at->contains("$ref")) break;
        auto target = ref_target(*at, "", false);
        at = target ? valid_component(*target) : nullptr;
    }
    return std::nullopt;
}

TypeMapper::Declaration TypeMapper::declare(const std::string& pointer, const std::string& name, bool nullable,
                                            model::TypeDecl empty) {
    auto component = component_names_.find(pointer);
    model::Name decl_name;
    if (component != component_names_.end()) {
        decl_name = component->second;
    } else {
        std::string unique = context_.names.unique(name);
        decl_name = {unique, unique};
    }
    Type type = Type::named_type(decl_name.cpp);
    if (nullable) type = Type::optional_of(std::move(type));
    types_[pointer] = type;
    std::visit(
        [&](auto& declaration) {
            declaration.name = decl_name;
            declaration.location = context_.document.at_key(pointer);
        },
        empty);
    context_.service.types.push_back(std::move(empty));
    return {decl_name, type, context_.service.types.size() - 1};
}

}  // namespace rpcforge::frontend::openrpc
