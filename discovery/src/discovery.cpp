#include <rpcforge/discovery.hpp>

#include "backends.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace rpcforge {

namespace {

constexpr std::string_view etcd_scheme = "etcd://";
constexpr std::string_view registry_scheme = "registry://";

/// Checks one "host:port" (IPv6 in brackets) and returns it unchanged.
std::string checked_store(std::string_view store, std::string_view uri) {
    auto colon = store.rfind(':');
    bool bracketed = !store.empty() && store.front() == '[';
    if (colon == std::string_view::npos || colon == 0 || (bracketed && store[colon - 1] != ']'))
        throw std::invalid_argument("'" + std::string(uri) + "': a store is HOST:PORT, not '" + std::string(store) + "'");
    auto port_text = store.substr(colon + 1);
    unsigned port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
        throw std::invalid_argument("'" + std::string(uri) + "': '" + std::string(port_text) + "' is not a port");
    return std::string(store);
}

class EndpointList final : public Discovery {
public:
    explicit EndpointList(const std::vector<std::string>& endpoints) {
        for (const auto& endpoint : endpoints) instances_.push_back({endpoint, endpoint, "", json::object()});
    }
    std::unique_ptr<Registration> register_instance(const std::string&, ServiceInstance, std::chrono::seconds) override {
        throw DiscoveryError("an endpoint list takes no registrations");
    }
    std::vector<ServiceInstance> resolve(const std::string&) override { return instances_; }
    std::unique_ptr<Watch> watch(const std::string&, OnChange) override { return std::make_unique<Watch>(); }
    std::string describe() const override { return "a list of endpoints"; }

private:
    std::vector<ServiceInstance> instances_;
};

}  // namespace

std::shared_ptr<Discovery> endpoint_list(const std::vector<std::string>& endpoints) {
    return std::make_shared<EndpointList>(endpoints);
}

json ServiceInstance::to_json() const {
    return {{"id", id}, {"endpoint", endpoint}, {"version", version}, {"metadata", metadata}};
}

ServiceInstance ServiceInstance::from_json(const json& value) {
    if (!value.is_object() || !value.contains("endpoint") || !value["endpoint"].is_string())
        throw std::invalid_argument("a service instance is an object with an \"endpoint\" string");
    ServiceInstance instance;
    try {
        instance.endpoint = value["endpoint"].get<std::string>();
        instance.id = value.value("id", instance.endpoint);
        instance.version = value.value("version", "");
        instance.metadata = value.value("metadata", json::object());
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("a service instance's members have the wrong types: ") + e.what());
    }
    return instance;
}

bool DiscoveryUri::is_discovery(std::string_view uri) {
    return uri.starts_with(etcd_scheme) || uri.starts_with(registry_scheme);
}

DiscoveryUri DiscoveryUri::parse(std::string_view uri) {
    DiscoveryUri parsed;
    std::string_view rest;
    if (uri.starts_with(etcd_scheme)) {
        parsed.kind = Kind::etcd;
        rest = uri.substr(etcd_scheme.size());
    } else if (uri.starts_with(registry_scheme)) {
        parsed.kind = Kind::registry;
        rest = uri.substr(registry_scheme.size());
    } else {
        throw std::invalid_argument("'" + std::string(uri) + "' is not a discovery URI (etcd://... or registry://...)");
    }
    auto slash = rest.find('/');
    auto stores = rest.substr(0, slash);
    if (slash != std::string_view::npos) parsed.service = std::string(rest.substr(slash + 1));
    if (parsed.service.find('/') != std::string::npos)
        throw std::invalid_argument("'" + std::string(uri) + "': a service name has no '/'");
    if (stores.empty())
        throw std::invalid_argument("'" + std::string(uri) + "' names no store (HOST:PORT after the scheme)");
    for (std::size_t start = 0; start <= stores.size();) {
        auto comma = std::min(stores.find(',', start), stores.size());
        parsed.stores.push_back(checked_store(stores.substr(start, comma - start), uri));
        start = comma + 1;
    }
    return parsed;
}

std::string DiscoveryUri::store_uri() const {
    std::string uri(kind == Kind::etcd ? etcd_scheme : registry_scheme);
    for (std::size_t i = 0; i < stores.size(); ++i) uri += (i ? "," : "") + stores[i];
    return uri;
}

std::shared_ptr<Discovery> open_discovery(const DiscoveryUri& uri, DiscoveryOptions options) {
    if (uri.kind == DiscoveryUri::Kind::etcd) return discovery::open_etcd(uri, options);
    return discovery::open_registry(uri, options);
}

}  // namespace rpcforge
