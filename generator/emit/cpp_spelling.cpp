#include "emit/cpp_spelling.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace rpcforge::emit {

using model::Type;

TypeIndex::TypeIndex(const model::Service& service) {
    for (const auto& decl : service.types) {
        by_cpp_.emplace(name_of(decl).cpp, &decl);
        by_wire_.emplace(name_of(decl).wire, &decl);
    }
}

const model::TypeDecl* TypeIndex::find(const std::string& name) const {
    if (auto it = by_cpp_.find(name); it != by_cpp_.end()) return it->second;
    if (auto it = by_wire_.find(name); it != by_wire_.end()) return it->second;
    return nullptr;
}

bool TypeIndex::is_enum(const std::string& name) const {
    const auto* decl = find(name);
    return decl != nullptr && std::holds_alternative<model::Enum>(*decl);
}

bool TypeIndex::is_user_declared(const std::string& name) const {
    const auto* decl = find(name);
    return decl != nullptr && !cpp_declared_of(*decl).empty();
}

std::string TypeIndex::cpp_name(const std::string& name) const {
    const auto* decl = find(name);
    return decl == nullptr ? name : spelling_of(*decl);
}

std::string TypeIndex::wire_name(const std::string& name) const {
    const auto* decl = find(name);
    return decl == nullptr ? name : name_of(*decl).wire;
}

const model::Name& name_of(const model::TypeDecl& decl) {
    return std::visit([](const auto& type) -> const model::Name& { return type.name; }, decl);
}

const std::string& cpp_declared_of(const model::TypeDecl& decl) {
    return std::visit([](const auto& type) -> const std::string& { return type.cpp_declared; }, decl);
}

const std::string& spelling_of(const model::TypeDecl& decl) {
    return std::visit([](const auto& type) -> const std::string& { return spelling_of(type); }, decl);
}

namespace {

const Type& first_arg(const Type& type) {
    static const Type any = Type::of(Type::Kind::json);
    return type.args.empty() ? any : type.args.front();
}

}  // namespace

std::string cpp_type(const Type& type, const TypeIndex& index) {
    if (!type.cpp.empty()) return type.cpp;
    switch (type.kind) {
        case Type::Kind::boolean: return "bool";
        case Type::Kind::int32: return "std::int32_t";
        case Type::Kind::int64: return "std::int64_t";
        case Type::Kind::uint32: return "std::uint32_t";
        case Type::Kind::uint64: return "std::uint64_t";
        case Type::Kind::number: return "double";
        case Type::Kind::string: return "std::string";
        case Type::Kind::json: return "rpcforge::json";
        case Type::Kind::array: return "std::vector<" + cpp_type(first_arg(type), index) + ">";
        case Type::Kind::map: return "std::map<std::string, " + cpp_type(first_arg(type), index) + ">";
        case Type::Kind::optional: return "std::optional<" + cpp_type(first_arg(type), index) + ">";
        case Type::Kind::named: return index.cpp_name(type.name);
    }
    return "rpcforge::json";
}

bool is_cheap_to_copy(const Type& type, const TypeIndex& index) {
    if (type.kind == Type::Kind::optional) return is_cheap_to_copy(first_arg(type), index);
    return needs_value_initialisation(type, index);
}

bool needs_value_initialisation(const Type& type, const TypeIndex& index) {
    switch (type.kind) {
        case Type::Kind::boolean:
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64:
        case Type::Kind::number: return true;
        case Type::Kind::named: return index.is_enum(type.name);
        default: return false;
    }
}

std::string json_kind_phrase(const Type& type, const TypeIndex& index) {
    switch (type.kind) {
        case Type::Kind::boolean: return "a boolean";
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64: return "an integer";
        case Type::Kind::number: return "a number";
        case Type::Kind::string: return "a string";
        case Type::Kind::json: return "any value";
        case Type::Kind::array: return "an array";
        case Type::Kind::map: return "an object";
        case Type::Kind::optional: return json_kind_phrase(first_arg(type), index) + " or null";
        case Type::Kind::named: {
            const std::string name = index.wire_name(type.name);
            const bool vowel = !name.empty() && std::string_view("AEIOUaeiou").find(name.front()) != std::string_view::npos;
            return (vowel ? "an " : "a ") + name;
        }
    }
    return "any value";
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

std::string integer_literal(const nlohmann::json& value, Type::Kind kind) {
    if (value.is_number_unsigned())
        return value.dump() + (kind == Type::Kind::uint32 || kind == Type::Kind::uint64 ? "u" : "");
    if (value.get<std::int64_t>() == std::numeric_limits<std::int64_t>::min()) return "-9223372036854775807 - 1";
    return value.dump();
}

std::string enum_value(const std::string& wire, const model::TypeDecl& decl) {
    for (const auto& value : std::get<model::Enum>(decl).values)
        if (value.wire == wire) return spelling_of(decl) + "::" + value.cpp;
    return {};
}

std::string parsed_default(const std::string& json_text, const Type& type, const TypeIndex& index) {
    if (type.kind == Type::Kind::json) return "rpcforge::json::parse(" + raw_string_literal(json_text, "json") + ")";
    return "rpcforge::generated::parse_default<" + cpp_type(type, index) + ">(" + raw_string_literal(json_text, "json") +
           ")";
}

std::string literal_default(const nlohmann::json& value, const Type& type, const TypeIndex& index) {
    switch (type.kind) {
        case Type::Kind::boolean: return value.is_boolean() ? value.dump() : "";
        case Type::Kind::int32:
        case Type::Kind::int64:
        case Type::Kind::uint32:
        case Type::Kind::uint64: return value.is_number_integer() ? integer_literal(value, type.kind) : "";
        case Type::Kind::number: return value.is_number() ? value.dump() : "";
        case Type::Kind::string: return value.is_string() ? "\"" + escape_string(value.get<std::string>()) + "\"" : "";
        case Type::Kind::array: return value == nlohmann::json::array() ? "{}" : "";
        case Type::Kind::map: return value == nlohmann::json::object() ? "{}" : "";
        case Type::Kind::optional:
            return value.is_null() ? "std::nullopt" : literal_default(value, first_arg(type), index);
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

std::string cpp_default_value(const std::string& json_text, const Type& type, const TypeIndex& index) {
    auto value = nlohmann::json::parse(json_text, nullptr, false);
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

}  // namespace rpcforge::emit
