#include "frontend/openrpc/schema_validator.hpp"

#include "frontend/openrpc/json_pointer.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace rpcforge::frontend::openrpc {

namespace {

const std::set<std::string> annotations = {"$schema", "$id", "$comment", "title", "description", "default", "examples"};

const std::set<std::string> keywords = {
    "$ref",     "type",        "enum",      "const",   "properties", "required", "additionalProperties",
    "patternProperties", "items", "minItems", "uniqueItems", "minLength", "pattern", "allOf",
    "anyOf",    "oneOf",       "not",       "if",      "then",       "else",     "definitions"};

const std::set<std::string> type_names = {"null", "boolean", "object", "array", "number", "integer", "string"};

std::string type_of(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "boolean";
        case Json::value_t::object: return "object";
        case Json::value_t::array: return "array";
        case Json::value_t::string: return "string";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "integer";
        default: return "number";
    }
}

bool has_type(const Json& value, const std::string& type) {
    std::string actual = type_of(value);
    if (actual == type) return true;
    if (type == "number") return actual == "integer";
    // draft-07: a number with a zero fraction is an integer.
    if (type == "integer" && value.is_number_float()) {
        double number = value.get<double>();
        return number == static_cast<double>(static_cast<long long>(number));
    }
    return false;
}

std::string joined(const Json& values, bool quote_strings) {
    std::string text;
    for (const auto& value : values) {
        if (!text.empty()) text += quote_strings ? ", " : " or ";
        text += quote_strings ? value.dump() : value.get<std::string>();
    }
    return text;
}

void fail(const std::string& at, const std::string& why) {
    throw std::invalid_argument("schema " + (at.empty() ? std::string("root") : at) + ": " + why);
}

}  // namespace

SchemaValidator::SchemaValidator(Json schema) : schema_(std::move(schema)) { check_schema(schema_, ""); }

void SchemaValidator::check_schema(const Json& schema, const std::string& at) {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) fail(at, "a schema is an object or a boolean");
    for (const auto& [keyword, value] : schema.items()) {
        if (annotations.count(keyword)) continue;
        if (!keywords.count(keyword)) fail(at, "unsupported keyword '" + keyword + "'");
        check_keyword(keyword, value, pointer_append(at, keyword));
    }
}

void SchemaValidator::check_keyword(const std::string& keyword, const Json& value, const std::string& at) {
    if (keyword == "properties" || keyword == "patternProperties" || keyword == "definitions") {
        for (const auto& [name, subschema] : value.items()) {
            if (keyword == "patternProperties") add_pattern(name, at);
            check_schema(subschema, pointer_append(at, name));
        }
    } else if (keyword == "allOf" || keyword == "anyOf" || keyword == "oneOf") {
        for (std::size_t i = 0; i < value.size(); ++i) check_schema(value[i], pointer_append(at, i));
    } else if (keyword == "items" || keyword == "additionalProperties" || keyword == "not" || keyword == "if" ||
               keyword == "then" || keyword == "else") {
        if (keyword == "items" && value.is_array()) fail(at, "tuple 'items' is not supported");
        check_schema(value, at);
    } else if (keyword == "type") {
        Json types = value.is_array() ? value : Json::array({value});
        for (const auto& type : types) {
            if (!type.is_string() || !type_names.count(type.get<std::string>())) fail(at, "unknown type");
        }
    } else if (keyword == "pattern") {
        add_pattern(value.get<std::string>(), at);
    } else if (keyword == "$ref") {
        resolve(value.get<std::string>());
    }
}

void SchemaValidator::add_pattern(const std::string& pattern, const std::string& at) {
    try {
        patterns_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error& error) {
        fail(at, "bad pattern '" + pattern + "': " + error.what());
    }
}

const Json& SchemaValidator::resolve(const std::string& ref) const {
    auto pointer = local_ref_pointer(ref);
    if (!pointer) fail(ref, "only references within the schema are supported");
    const Json* at = &schema_;
    auto tokens = pointer_tokens(*pointer);
    for (const auto& token : *tokens) {
        if (!at->is_object() || !at->contains(token)) fail(ref, "reference to nothing");
        at = &(*at)[token];
    }
    return *at;
}

std::vector<ValidationError> SchemaValidator::validate(const Json& instance) const {
    Errors errors;
    validate(schema_, instance, "", errors);
    return errors;
}

void SchemaValidator::validate(const Json& schema, const Json& instance, const std::string& pointer,
                               Errors& errors) const {
    if (schema.is_boolean()) {
        if (!schema.get<bool>()) errors.push_back({pointer, false, "no value is allowed here"});
        return;
    }
    // draft-07: next to $ref, other keywords are ignored.
    if (schema.contains("$ref")) return validate(resolve(schema["$ref"].get<std::string>()), instance, pointer, errors);
    std::size_t before = errors.size();
    validate_type(schema, instance, pointer, errors);
    // A value of the wrong type would only repeat the same complaint in other words.
    if (errors.size() > before) return;
    validate_values(schema, instance, pointer, errors);
    if (instance.is_object()) validate_object(schema, instance, pointer, errors);
    if (instance.is_array()) validate_array(schema, instance, pointer, errors);
    if (instance.is_string()) validate_string(schema, instance, pointer, errors);
    validate_combinators(schema, instance, pointer, errors);
}

void SchemaValidator::validate_type(const Json& schema, const Json& instance, const std::string& pointer,
                                    Errors& errors) const {
    if (!schema.contains("type")) return;
    Json types = schema["type"].is_array() ? schema["type"] : Json::array({schema["type"]});
    bool any = std::any_of(types.begin(), types.end(),
                           [&](const Json& type) { return has_type(instance, type.get<std::string>()); });
    if (!any) errors.push_back({pointer, false, "expected " + joined(types, false) + ", found " + type_of(instance)});
}

void SchemaValidator::validate_values(const Json& schema, const Json& instance, const std::string& pointer,
                                      Errors& errors) const {
    if (schema.contains("enum")) {
        const Json& values = schema["enum"];
        if (std::find(values.begin(), values.end(), instance) == values.end()) {
            errors.push_back({pointer, false, instance.dump() + " is not one of " + joined(values, true)});
        }
    }
    if (schema.contains("const") && schema["const"] != instance) {
        errors.push_back({pointer, false, "expected " + schema["const"].dump() + ", found " + instance.dump()});
    }
}

void SchemaValidator::validate_object(const Json& schema, const Json& instance, const std::string& pointer,
                                      Errors& errors) const {
    if (schema.contains("required")) {
        for (const auto& name : schema["required"]) {
            if (!instance.contains(name.get<std::string>())) {
                errors.push_back({pointer, false, "missing required property '" + name.get<std::string>() + "'"});
            }
        }
    }
    for (const auto& [key, value] : instance.items()) {
        validate_member(schema, key, value, pointer_append(pointer, key), errors);
    }
}

void SchemaValidator::validate_member(const Json& schema, const std::string& key, const Json& value,
                                      const std::string& pointer, Errors& errors) const {
    bool described = false;
    if (schema.contains("properties") && schema["properties"].contains(key)) {
        described = true;
        validate(schema["properties"][key], value, pointer, errors);
    }
    if (schema.contains("patternProperties")) {
        for (const auto& [pattern, subschema] : schema["patternProperties"].items()) {
            if (!std::regex_search(key, patterns_.at(pattern))) continue;
            described = true;
            validate(subschema, value, pointer, errors);
        }
    }
    if (described || !schema.contains("additionalProperties")) return;
    const Json& additional = schema["additionalProperties"];
    if (additional.is_boolean() && !additional.get<bool>()) {
        errors.push_back({pointer, true, "unknown property '" + key + "'"});
    } else {
        validate(additional, value, pointer, errors);
    }
}

void SchemaValidator::validate_array(const Json& schema, const Json& instance, const std::string& pointer,
                                     Errors& errors) const {
    if (schema.contains("minItems") && instance.size() < schema["minItems"].get<std::size_t>()) {
        errors.push_back(
            {pointer, false,
             "expected at least " + schema["minItems"].dump() + " items, found " + std::to_string(instance.size())});
    }
    for (std::size_t i = 0; i < instance.size(); ++i) {
        std::string item = pointer_append(pointer, i);
        if (schema.contains("items")) validate(schema["items"], instance[i], item, errors);
        if (!schema.value("uniqueItems", false)) continue;
        auto first = std::find(instance.begin(), instance.begin() + static_cast<std::ptrdiff_t>(i), instance[i]);
        if (first != instance.begin() + static_cast<std::ptrdiff_t>(i)) {
            errors.push_back(
                {item, false, instance[i].dump() + " repeats item " + std::to_string(first - instance.begin())});
        }
    }
}

void SchemaValidator::validate_string(const Json& schema, const Json& instance, const std::string& pointer,
                                      Errors& errors) const {
    const auto& text = instance.get_ref<const std::string&>();
    if (schema.contains("minLength")) {
        // Code points, not bytes.
        auto length = static_cast<std::size_t>(std::count_if(
            text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        if (length < schema["minLength"].get<std::size_t>()) {
            errors.push_back(
                {pointer, false,
                 "expected at least " + schema["minLength"].dump() + " characters, found " + std::to_string(length)});
        }
    }
    if (schema.contains("pattern")) {
        const auto& pattern = schema["pattern"].get_ref<const std::string&>();
        if (!std::regex_search(text, patterns_.at(pattern))) {
            errors.push_back({pointer, false, instance.dump() + " does not match the pattern '" + pattern + "'"});
        }
    }
}

void SchemaValidator::validate_combinators(const Json& schema, const Json& instance, const std::string& pointer,
                                           Errors& errors) const {
    if (schema.contains("allOf")) {
        for (const auto& part : schema["allOf"]) validate(part, instance, pointer, errors);
    }
    if (schema.contains("anyOf")) validate_alternatives(schema["anyOf"], false, instance, pointer, errors);
    if (schema.contains("oneOf")) validate_alternatives(schema["oneOf"], true, instance, pointer, errors);
    if (schema.contains("not") && matches(schema["not"], instance, pointer)) {
        errors.push_back({pointer, false, "matches a schema it must not match"});
    }
    if (schema.contains("if")) {
        const char* branch = matches(schema["if"], instance, pointer) ? "then" : "else";
        if (schema.contains(branch)) validate(schema[branch], instance, pointer, errors);
    }
}

/// When no alternative matches, the errors of the one that came closest (fewest errors; the
/// first of equals) say most about what the author meant.
void SchemaValidator::validate_alternatives(const Json& alternatives, bool exactly_one, const Json& instance,
                                            const std::string& pointer, Errors& errors) const {
    std::vector<std::size_t> matched;
    Errors closest;
    bool have_closest = false;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        Errors attempt;
        validate(alternatives[i], instance, pointer, attempt);
        if (attempt.empty()) {
            matched.push_back(i);
        } else if (!have_closest || attempt.size() < closest.size()) {
            closest = std::move(attempt);
            have_closest = true;
        }
    }
    if (matched.empty()) {
        errors.insert(errors.end(), closest.begin(), closest.end());
    } else if (exactly_one && matched.size() > 1) {
        errors.push_back({pointer, false,
                          "matches more than one alternative of 'oneOf' (" + std::to_string(matched[0]) + " and " +
                              std::to_string(matched[1]) + ")"});
    }
}

bool SchemaValidator::matches(const Json& schema, const Json& instance, const std::string& pointer) const {
    Errors errors;
    validate(schema, instance, pointer, errors);
    return errors.empty();
}

}  // namespace rpcforge::frontend::openrpc
