#include "frontend/openrpc/mapping_context.hpp"

#include "frontend/openrpc/json_pointer.hpp"

namespace rpcforge::frontend::openrpc {

const Json* MappingContext::find(const std::string& pointer) const {
    auto tokens = pointer_tokens(pointer);
    if (!tokens) return nullptr;
    const Json* at = &document.root;
    for (const auto& token : *tokens) {
        if (at->is_object()) {
            at = member(*at, token);
        } else if (at->is_array()) {
            if (token.empty() || token.size() > 18 || token.find_first_not_of("0123456789") != std::string::npos) {
                return nullptr;
            }
            auto index = std::stoull(token);
            at = index < at->size() ? &(*at)[index] : nullptr;
        } else {
            return nullptr;
        }
        if (!at) return nullptr;
    }
    return at;
}

const Json* member(const Json& object, const std::string& key) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::string string_member(const Json& object, const std::string& key) {
    const Json* value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

}  // namespace rpcforge::frontend::openrpc
