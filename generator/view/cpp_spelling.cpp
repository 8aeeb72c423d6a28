#include "view/cpp_spelling.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace rpcforge::view {

using model::Type;

std::string cpp_type(const Type& type, const TypeTable& index) {
    if (!type.cpp.empty()) return type.cpp;
    if (type.kind == Type::Kind::named) return index.spelling(type.name);
    return model::spelled(model::facts_of(type.kind).cpp, type,
                          [&](const Type& argument) { return cpp_type(argument, index); });
}

bool is_cheap_to_copy(const Type& type, const TypeTable& index) {
    if (type.kind == Type::Kind::optional) return is_cheap_to_copy(model::argument_of(type), index);
    return needs_value_initialisation(type, index);
}

bool needs_value_initialisation(const Type& type, const TypeTable& index) {
    if (type.kind == Type::Kind::named) return index.is_enum(type.name);
    return model::facts_of(type.kind).is_arithmetic;
}

std::string json_kind_phrase(const Type& type, const TypeTable& index) {
    if (type.kind == Type::Kind::named) {
        const std::string name = index.wire_name(type.name);
        const bool vowel = !name.empty() && std::string_view("AEIOUaeiou").find(name.front()) != std::string_view::npos;
        return (vowel ? "an " : "a ") + name;
    }
    return model::spelled(model::facts_of(type.kind).phrase, type,
                          [&](const Type& argument) { return json_kind_phrase(argument, index); });
}

std::string escape_string(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char octal[5];
                    std::snprintf(octal, sizeof octal, "\\%03o", static_cast<unsigned>(c));
                    out += octal;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string raw_string_literal(std::string_view text, std::string_view base) {
    std::string delimiter(base);
    for (int n = 1; text.find(")" + delimiter + "\"") != std::string_view::npos; ++n)
        delimiter = std::string(base) + std::to_string(n);
    return "R\"" + delimiter + "(" + std::string(text) + ")" + delimiter + "\"";
}

namespace {

std::string integer_literal(const nlohmann::ordered_json& value, Type::Kind kind) {
    if (value.is_number_unsigned())
        return value.dump() + std::string(model::facts_of(kind).literal_suffix);
    if (value.get<std::int64_t>() == std::numeric_limits<std::int64_t>::min()) return "-9223372036854775807 - 1";
    return value.dump();
}

std::string enum_value(const std::string& wire, const model::TypeDecl& decl) {
    for (const auto& value : std::get<model::Enum>(decl).values)
        if (value.wire == wire) return spelling_of(decl) + "::" + value.cpp;
    return {};
}

std::string parsed_default(const std::string& json_text, const Type& type, const TypeTable& index) {
    if (type.kind == Type::Kind::json) return "rpcforge::json::parse(" + raw_string_literal(json_text, "json") + ")";
    return "rpcforge::generated::parse_default<" + cpp_type(type, index) + ">(" + raw_string_literal(json_text, "json") +
           ")";
}

std::string literal_default(const nlohmann::ordered_json& value, const Type& type, const TypeTable& index) {
    switch (type.kind) {
        case Type::Kind::boolean: return value.is_boolean() ? value.dump() : "";
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64: return value.is_number_integer() ? integer_literal(value, type.kind) : "";
        case Type::Kind::number: return value.is_number() ? value.dump() : "";
        case Type::Kind::string: return value.is_string() ? "\"" + escape_string(value.get<std::string>()) + "\"" : "";
        case Type::Kind::array: return value == nlohmann::ordered_json::array() ? "{}" : "";
        case Type::Kind::map: return value == nlohmann::ordered_json::object() ? "{}" : "";
        case Type::Kind::optional:
            return value.is_null() ? "std::nullopt" : literal_default(value, model::argument_of(type), index);
        case Type::Kind::named: {
            const auto* decl = index.find(type.name);
            if (decl == nullptr || !value.is_string() || !std::holds_alternative<model::Enum>(*decl)) return "";
            return enum_value(value.get<std::string>(), *decl);
        }
        case Type::Kind::json: return "";
    }
    return "";
}

}  // namespace

std::string cpp_default_value(const std::string& json_text, const Type& type, const TypeTable& index) {
    auto value = nlohmann::ordered_json::parse(json_text, nullptr, false);
    if (!value.is_discarded()) {
        std::string literal = literal_default(value, type, index);
        if (!literal.empty()) return literal;
        return parsed_default(value.dump(), type, index);
    }
    return parsed_default(json_text, type, index);
}

std::string snake_case(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (std::isupper(c)) {
            bool after_lower = i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
            bool ends_acronym = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1])) && i + 1 < name.size() &&
                                std::islower(static_cast<unsigned char>(name[i + 1]));
            if (!out.empty() && out.back() != '_' && (after_lower || ends_acronym)) out += '_';
            out += static_cast<char>(std::tolower(c));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace rpcforge::view
