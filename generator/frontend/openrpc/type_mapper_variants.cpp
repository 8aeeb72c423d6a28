// String enums, and oneOf/anyOf as variants.

#include "frontend/openrpc/json_pointer.hpp"
#include "frontend/openrpc/type_mapper.hpp"

#include <algorithm>
#include <set>

namespace rpcforge::frontend::openrpc {

using model::Type;

Type TypeMapper::map_enum(const Json& schema, const std::string& pointer, const std::string& name, bool nullable) {
    auto declaration = declare(pointer, name, nullable, model::Enum{});
    model::Enum result;
    result.name = declaration.name;
    result.description = string_member(schema, "description");
    result.cpp_declared = string_member(schema, "x-rpcforge-cpp-declared");
    result.location = context_.document.at_key(pointer);
    const Json& values = schema["enum"];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i].is_null()) continue;  // the type says whether null is allowed
        if (!values[i].is_string()) {
            context_.error(pointer_append(pointer_append(pointer, "enum"), i),
                           "enum values must be strings, not " + values[i].dump());
            continue;
        }
        result.values.push_back(value_name(values[i].get<std::string>()));
    }
    // rpcforge writes the enumerators where one is not its wire value.
    if (const Json* names = member(schema, "x-rpcforge-cpp-values")) {
        if (names->size() != result.values.size()) {
            context_.error(pointer_append(pointer, "x-rpcforge-cpp-values"),
                           "x-rpcforge-cpp-values has " + std::to_string(names->size()) + " names for " +
                               std::to_string(result.values.size()) + " values");
        } else {
            for (std::size_t i = 0; i < names->size(); ++i) result.values[i].cpp = (*names)[i].get<std::string>();
        }
    }
    context_.service.types[declaration.index] = std::move(result);
    return declaration.type;
}

bool TypeMapper::is_null_schema(const Json& schema) const {
    const Json* type = member(schema, "type");
    return type && (*type == "null" || *type == Json::array({"null"}));
}

namespace {

/// Keywords that would describe the value beside its alternatives: a second description of
/// the same value that a variant cannot hold.
const std::vector<std::string> variant_conflicts = {
    "properties", "additionalProperties", "items", "enum", "const", "allOf", "required", "format"};

}  // namespace

Type TypeMapper::map_variant(const Json& schema, const std::string& pointer, const std::string& name) {
    std::string keyword = schema.contains("oneOf") ? "oneOf" : "anyOf";
    if (keyword == "oneOf" && schema.contains("anyOf")) {
        context_.error_at_key(pointer_append(pointer, "anyOf"), "oneOf and anyOf together are not supported");
    }
    for (const auto& other : variant_conflicts) {
        if (!schema.contains(other)) continue;
        context_.error_at_key(pointer_append(pointer, other),
                              "'" + other + "' next to " + keyword + " is not supported");
    }
    const Json* type = member(schema, "type");
    bool nullable = type && type->is_array() && std::find(type->begin(), type->end(), "null") != type->end();
    std::string list_pointer = pointer_append(pointer, keyword);
    Alternatives alternatives;
    for (std::size_t i = 0; i < schema[keyword].size(); ++i) {
        const Json& alternative = schema[keyword][i];
        if (is_null_schema(alternative))
            nullable = true;
        else
            alternatives.emplace_back(pointer_append(list_pointer, i), &alternative);
    }
    if (alternatives.empty()) {
        context_.error(list_pointer, keyword + " needs an alternative other than null");
        return Type::of(Type::Kind::json);
    }
    if (alternatives.size() == 1) {
        // Only "T or null": no variant needed.
        Type only = map(*alternatives[0].second, alternatives[0].first, name);
        return nullable ? Type::optional_of(std::move(only)) : only;
    }
    auto declaration = declare(pointer, name, nullable, model::Variant{});
    auto discriminator = schema.contains("discriminator") ? declared_discriminator(schema, pointer, alternatives)
                                                          : find_discriminator(alternatives);
    model::Variant result;
    result.name = declaration.name;
    result.description = string_member(schema, "description");
    result.cpp_declared = string_member(schema, "x-rpcforge-cpp-declared");
    result.location = context_.document.at_key(pointer);
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        std::string suffix =
            discriminator ? type_identifier(discriminator->values[i]) : "Option" + std::to_string(i + 1);
        result.alternatives.push_back(
            map(*alternatives[i].second, alternatives[i].first, declaration.name.cpp + suffix));
    }
    if (discriminator) {
        result.discriminator = discriminator->property;
        result.discriminator_values = discriminator->values;
    }
    context_.service.types[declaration.index] = std::move(result);
    return declaration.type;
}

/// OpenAPI's `discriminator: {propertyName, mapping}` (what rpcforge writes): the value of an
/// alternative is its key in `mapping`, or else the name of the schema it refers to.
std::optional<TypeMapper::Discriminator> TypeMapper::declared_discriminator(const Json& schema,
                                                                            const std::string& pointer,
                                                                            const Alternatives& alternatives) const {
    const Json& declared = schema["discriminator"];
    std::string at = pointer_append(pointer, "discriminator");
    const Json* mapping = member(declared, "mapping");
    Discriminator result{string_member(declared, "propertyName"), {}};
    Json entries = mapping ? *mapping : Json::object();
    std::set<std::string> used;
    for (const auto& [alternative_pointer, alternative] : alternatives) {
        auto target = ref_target(*alternative, alternative_pointer, false);
        if (!target) {
            context_.error(alternative_pointer, "with a discriminator, every alternative must be a $ref to a schema");
            return std::nullopt;
        }
        std::string value = pointer_tokens(*target)->back();
        for (const auto& [key, ref] : entries.items()) {
            if (local_ref_pointer(ref.get<std::string>()) == target) value = key;
        }
        if (!used.insert(value).second) {
            context_.error(at, "two alternatives have the discriminator value '" + value + "'");
            return std::nullopt;
        }
        result.values.push_back(value);
    }
    for (const auto& [key, ref] : entries.items()) {
        if (used.count(key)) continue;
        context_.error(pointer_append(pointer_append(at, "mapping"), key),
                       "'" + key + "' maps to " + ref.dump() + ", which is not an alternative");
    }
    return result;
}

/// The first property (in the first alternative's order) that every alternative declares with
/// a distinct constant string value.
std::optional<TypeMapper::Discriminator> TypeMapper::find_discriminator(const Alternatives& alternatives) const {
    std::vector<const Json*> properties;
    for (const auto& alternative : alternatives) {
        const Json* resolved = follow_refs(*alternative.second);
        const Json* each = resolved ? member(*resolved, "properties") : nullptr;
        if (!each || !each->is_object()) return std::nullopt;
        properties.push_back(each);
    }
    for (const auto& [candidate, ignored] : properties.front()->items()) {
        Discriminator found{candidate, {}};
        for (const Json* each : properties) {
            const Json* property = member(*each, candidate);
            auto value = property ? constant_of(*property) : std::nullopt;
            if (!value) break;
            found.values.push_back(*value);
        }
        if (found.values.size() != alternatives.size()) continue;
        auto sorted = found.values;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) return found;
    }
    return std::nullopt;
}

/// `const: "x"`, or `enum: ["x"]`.
std::optional<std::string> TypeMapper::constant_of(const Json& property_schema) const {
    const Json* schema = follow_refs(property_schema);
    if (!schema || !schema->is_object()) return std::nullopt;
    const Json* constant = member(*schema, "const");
    if (constant && constant->is_string()) return constant->get<std::string>();
    const Json* values = member(*schema, "enum");
    if (values && values->is_array() && values->size() == 1 && (*values)[0].is_string()) {
        return (*values)[0].get<std::string>();
    }
    return std::nullopt;
}

}  // namespace rpcforge::frontend::openrpc
