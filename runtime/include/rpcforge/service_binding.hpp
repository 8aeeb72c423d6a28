#pragma once
/// ServiceBinding: a generated service's methods bound to its implementation, with its OpenRPC
/// document, ready to add to a Dispatcher (generated `bind(service)` returns one).

#include <rpcforge/dispatcher.hpp>
#include <rpcforge/json.hpp>

#include <string>
#include <vector>

namespace rpcforge {

/// The methods of a generated service bound to their implementation, with the OpenRPC document
/// that describes them, to register on a Dispatcher.
class ServiceBinding {
public:
    struct Method {
        std::string name;
        /// Exactly one of the two is set.
        Dispatcher::Handler handler;
        Dispatcher::AsyncHandler async_handler;
        bool is_notification = false;
        /// Dispatcher::require_roles: a caller needs one of them.
        std::vector<std::string> roles;
    };

    ServiceBinding& add(std::string name, Dispatcher::Handler handler);
    ServiceBinding& add_notification(std::string name, Dispatcher::Handler handler);
    /// A method whose implementation answers later, through a Reply.
    ServiceBinding& add_async(std::string name, Dispatcher::AsyncHandler handler);
    ServiceBinding& add_async_notification(std::string name, Dispatcher::AsyncHandler handler);
    /// Only callers with one of `roles` may call the method `of`, added before (its aliases,
    /// added after, too).
    ServiceBinding& require_roles(const std::string& of, std::vector<std::string> roles);
    /// Registers `name` as a further wire name of the method `of`, added before.
    ServiceBinding& alias(std::string name, const std::string& of);
    /// The service's OpenRPC document, which rpc.discover answers (Dispatcher::add_description).
    ServiceBinding& describe(json document);

    const std::vector<Method>& methods() const { return methods_; }
    /// The OpenRPC document; null when the service has none.
    const json& description() const { return description_; }
    /// Registers every method, and the description. Throws std::invalid_argument when a method
    /// name is registered already. Policies are then set on the dispatcher by wire name
    /// (Dispatcher::set_policy), with no change to generated code. Any number of services may
    /// be added to one dispatcher: rpc.discover then describes them all.
    void add_to(Dispatcher& dispatcher) const;

private:
    std::vector<Method> methods_;
    json description_;
};

}  // namespace rpcforge
