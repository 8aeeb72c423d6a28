// Objects: structs (from properties, or merged from allOf) and maps.

#include "frontend/openrpc/json_pointer.hpp"
#include "frontend/openrpc/type_mapper.hpp"

namespace rpcforge::frontend::openrpc {

using model::Type;

Type TypeMapper::map_object(const Json& schema, const std::string& pointer, const std::string& name, bool nullable) {
    const Json* additional = member(schema, "additionalProperties");
    if (schema.contains("properties")) {
        if (additional && additional->is_object()) {
            context_.error_at_key(pointer_append(pointer, "additionalProperties"),
                                  "an object with both properties and an additionalProperties schema is not supported");
        }
        return map_struct(schema, pointer, name, nullable);
    }
    // An object that allows no property at all is an empty struct, not a map.
    if (additional && *additional == false) return map_struct(schema, pointer, name, nullable);
    Type value = Type::of(Type::Kind::json);
    if (additional && additional->is_object()) {
        value = map(*additional, pointer_append(pointer, "additionalProperties"), name + "Value");
    }
    Type type = Type::map_of(std::move(value));
    return nullable ? Type::optional_of(std::move(type)) : type;
}

Type TypeMapper::map_struct(const Json& schema, const std::string& pointer, const std::string& name, bool nullable) {
    auto declaration = declare(pointer, name, nullable, model::Struct{});
    model::Struct result;
    result.name = declaration.name;
    result.description = string_member(schema, "description");
    result.cpp_declared = string_member(schema, "x-rpcforge-cpp-declared");
    result.location = context_.document.at_key(pointer);
    result.fields = map_fields({{&schema, pointer}}, declaration.name.cpp);
    context_.service.types[declaration.index] = std::move(result);
    return declaration.type;
}

Type TypeMapper::map_all_of(const Json& schema, const std::string& pointer, const std::string& name) {
    std::vector<Part> parts;
    collect_parts(schema, pointer, parts);
    auto declaration = declare(pointer, name, false, model::Struct{});
    model::Struct result;
    result.name = declaration.name;
    result.description = string_member(schema, "description");
    result.cpp_declared = string_member(schema, "x-rpcforge-cpp-declared");
    result.location = context_.document.at_key(pointer);
    result.fields = map_fields(parts, declaration.name.cpp);
    context_.service.types[declaration.index] = std::move(result);
    return declaration.type;
}

namespace {

/// An object schema allOf can merge: properties (or nothing) and no other shape.
bool is_object_part(const Json& schema) {
    if (schema.is_boolean()) return schema.get<bool>();
    if (!schema.is_object()) return false;
    for (const char* other : {"oneOf", "anyOf", "enum", "const", "items"}) {
        if (schema.contains(other)) return false;
    }
    const Json* type = member(schema, "type");
    return !type || *type == "object";
}

}  // namespace

/// The objects an allOf merges, in order: its parts (following $ref, and allOf within parts),
/// then the properties written next to the allOf itself.
void TypeMapper::collect_parts(const Json& schema, const std::string& pointer, std::vector<Part>& parts) {
    merging_.insert(pointer);
    const Json& all_of = schema["allOf"];
    for (std::size_t i = 0; i < all_of.size(); ++i) {
        const Json* part = &all_of[i];
        std::string part_pointer = pointer_append(pointer_append(pointer, "allOf"), i);
        if (part->is_object() && part->contains("$ref")) {
            auto target = ref_target(*part, part_pointer, true);
            if (!target) continue;
            part = valid_component(*target);
            if (!part) continue;
            part_pointer = *target;
        } else {
            report_unsupported_keywords(*part, part_pointer);
        }
        std::string at = pointer_append(pointer_append(pointer, "allOf"), i);
        bool seen = std::any_of(parts.begin(), parts.end(), [&](const Part& p) { return p.pointer == part_pointer; });
        if (merging_.count(part_pointer)) {
            context_.error(at, "allOf includes itself");
        } else if (seen) {
            context_.error(at, "allOf includes the same schema twice");
        } else if (part->is_object() && part->contains("allOf")) {
            collect_parts(*part, part_pointer, parts);
        } else if (is_object_part(*part)) {
            parts.push_back({part, part_pointer});
        } else {
            context_.error(at, "allOf is supported for objects only, and this part is not one");
        }
    }
    if (schema.contains("properties") || schema.contains("required")) parts.push_back({&schema, pointer});
    merging_.erase(pointer);
}

std::vector<model::Field> TypeMapper::map_fields(const std::vector<Part>& parts, const std::string& struct_name) {
    std::set<std::string> declared;
    for (const auto& part : parts) {
        if (const Json* properties = member(*part.schema, "properties")) {
            for (const auto& [key, value] : properties->items()) declared.insert(key);
        }
    }
    std::set<std::string> required;
    for (const auto& part : parts) {
        const Json* names = member(*part.schema, "required");
        for (std::size_t i = 0; names && i < names->size(); ++i) {
            std::string name = (*names)[i].get<std::string>();
            required.insert(name);
            if (declared.count(name)) continue;
            context_.error(pointer_append(pointer_append(part.pointer, "required"), i),
                           "required property '" + name + "' is not among the properties");
        }
    }
    std::vector<model::Field> fields;
    std::map<std::string, const Json*> seen;
    for (const auto& part : parts) {
        const Json* properties = member(*part.schema, "properties");
        if (!properties) continue;
        std::string properties_pointer = pointer_append(part.pointer, "properties");
        for (const auto& [key, value] : properties->items()) {
            std::string pointer = pointer_append(properties_pointer, key);
            if (auto [earlier, fresh] = seen.emplace(key, &value); !fresh) {
                if (*earlier->second != value) {
                    context_.error_at_key(pointer, "property '" + key + "' is declared again with another schema");
                }
                continue;
            }
            fields.push_back(map_field(key, value, pointer, struct_name));
            fields.back().required = required.count(key) > 0;
        }
    }
    return fields;
}

model::Field TypeMapper::map_field(const std::string& key, const Json& schema, const std::string& pointer,
                                   const std::string& struct_name) {
    model::Field field;
    field.name = context_.naming.value(key, schema);
    field.type = map(schema, pointer, struct_name + type_identifier(key));
    field.default_json = default_of(schema);
    field.description = string_member(schema, "description");
    field.location = context_.document.at_key(pointer);
    return field;
}

}  // namespace rpcforge::frontend::openrpc
