#include <rpcforge/service_binding.hpp>

#include <stdexcept>
#include <utility>

namespace rpcforge {

ServiceBinding& ServiceBinding::add(std::string name, Dispatcher::Handler handler) {
    methods_.push_back({std::move(name), std::move(handler), nullptr, false, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_notification(std::string name, Dispatcher::Handler handler) {
    methods_.push_back({std::move(name), std::move(handler), nullptr, true, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_async(std::string name, Dispatcher::AsyncHandler handler) {
    methods_.push_back({std::move(name), nullptr, std::move(handler), false, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_async_notification(std::string name, Dispatcher::AsyncHandler handler) {
    methods_.push_back({std::move(name), nullptr, std::move(handler), true, {}});
    return *this;
}

ServiceBinding& ServiceBinding::alias(std::string name, const std::string& of) {
    for (const auto& method : methods_) {
        if (method.name != of) continue;
        Method copy = method;
        copy.name = std::move(name);
        methods_.push_back(std::move(copy));
        return *this;
    }
    throw std::invalid_argument("alias '" + name + "' of unknown method '" + of + "'");
}

ServiceBinding& ServiceBinding::require_roles(const std::string& of, std::vector<std::string> roles) {
    for (auto& method : methods_) {
        if (method.name != of) continue;
        method.roles = std::move(roles);
        return *this;
    }
    throw std::invalid_argument("roles for unknown method '" + of + "'");
}

ServiceBinding& ServiceBinding::describe(json document) {
    description_ = std::move(document);
    return *this;
}

void ServiceBinding::add_to(Dispatcher& dispatcher) const {
    for (const auto& method : methods_) {
        if (method.async_handler && method.is_notification)
            dispatcher.add_async_notification(method.name, method.async_handler);
        else if (method.async_handler)
            dispatcher.add_async(method.name, method.async_handler);
        else if (method.is_notification)
            dispatcher.add_untyped_notification(method.name, method.handler);
        else
            dispatcher.add_untyped(method.name, method.handler);
        if (!method.roles.empty()) dispatcher.require_roles(method.name, method.roles);
    }
    if (!description_.is_null()) dispatcher.add_description([document = description_] { return document; });
}

}  // namespace rpcforge
