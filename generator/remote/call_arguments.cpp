#include "remote/call_arguments.hpp"

#include <optional>

namespace rpcforge::remote {
namespace {

/// `name=value` when the part before the first `=` can be a parameter name (not empty, no
/// space, no quote or bracket that JSON text would start with).
std::optional<std::pair<std::string, std::string>> as_named(const std::string& word) {
    auto equals = word.find('=');
    if (equals == std::string::npos || equals == 0) return std::nullopt;
    std::string name = word.substr(0, equals);
    if (name.find_first_of(" \t\"'[]{}") != std::string::npos) return std::nullopt;
    return std::make_pair(std::move(name), word.substr(equals + 1));
}

json value_of(const std::string& text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return value.is_discarded() ? json(text) : value;
}

}  // namespace

json params_from_arguments(const std::vector<std::string>& words) {
    if (words.empty()) return nullptr;
    json by_name = json::object();
    json by_position = json::array();
    for (const auto& word : words) {
        if (auto named = as_named(word)) {
            if (by_name.contains(named->first))
                throw ArgumentError("parameter '" + named->first + "' is given twice");
            by_name[named->first] = value_of(named->second);
        } else {
            by_position.push_back(value_of(word));
        }
    }
    if (!by_name.empty() && !by_position.empty())
        throw ArgumentError("give the parameters either all by name (name=value) or all by position, not both");
    return by_name.empty() ? by_position : by_name;
}

}  // namespace rpcforge::remote
