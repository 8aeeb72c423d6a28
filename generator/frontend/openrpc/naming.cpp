#include "frontend/openrpc/naming.hpp"

#include "model/identifiers.hpp"

#include <optional>

namespace rpcforge::frontend::openrpc {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string value_identifier(std::string_view wire) {
    std::string name;
    for (char c : wire) {
        if (is_alnum(c))
            name += c;
        else if (name.empty() || name.back() != '_')
            name += '_';
    }
    if (name.size() > 1 && name[0] == '_' && is_upper(name[1])) name = name.substr(1) + '_';
    if (name.empty() || is_digit(name[0])) name.insert(0, "_");
    if (model::is_reserved_name(name)) name += '_';
    return name;
}

std::string type_identifier(std::string_view wire) {
    std::string name;
    bool word_start = true;
    for (char c : wire) {
        if (!is_alnum(c)) {
            word_start = true;
            continue;
        }
        name += word_start ? upper(c) : c;
        word_start = false;
    }
    if (name.empty()) return "Unnamed";
    if (is_digit(name[0])) name.insert(0, "_");
    if (model::is_reserved_name(name)) name += '_';
    return name;
}

namespace {

std::optional<std::string> given_cpp_name(const nlohmann::ordered_json& object) {
    if (!object.is_object()) return std::nullopt;
    auto given = object.find("x-rpcforge-cpp");
    if (given == object.end() || !given->is_string()) return std::nullopt;
    return given->get<std::string>();
}

}  // namespace

model::Name NamingRules::value(const std::string& wire, const nlohmann::ordered_json& object) const {
    // value_identifier keeps usable identifiers as they are: the rules agree for values.
    return {wire, given_cpp_name(object).value_or(value_identifier(wire))};
}

model::Name NamingRules::type(const std::string& wire, const nlohmann::ordered_json& object) const {
    if (auto given = given_cpp_name(object)) return {wire, *given};
    if (written_by_rpcforge && model::is_usable_identifier(wire)) return {wire, wire};
    return type_name(wire);
}

std::string TypeNames::unique(const std::string& base) {
    std::string name = base;
    for (int n = 2; taken_.count(name); ++n) name = base + std::to_string(n);
    taken_.insert(name);
    return name;
}

}  // namespace rpcforge::frontend::openrpc
