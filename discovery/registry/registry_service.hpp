#pragma once
/// The registry's methods (registry.openrpc.json) over a Store: checks the arguments the
/// document cannot express (ranges, sizes, names), then hands over to the store.

#include "registry_server.hpp"
#include "store.hpp"

namespace rpcforge::registry {

/// Bounds on what one call may ask, so that no argument grows memory or holds a call long.
struct RequestBounds {
    static constexpr std::int64_t min_ttl_seconds = 1;
    static constexpr std::int64_t max_ttl_seconds = 3600;
    static constexpr std::int64_t max_watch_timeout_ms = 60000;
    static constexpr std::size_t max_service_name_bytes = 256;
    static constexpr std::size_t max_instance_bytes = 8192;
};

class RegistryService final : public Registry {
public:
    explicit RegistryService(Store& store) : store_(store) {}

    Lease register_(const std::string& service, const Instance& instance, std::int64_t ttl_seconds) override;
    std::int64_t keep_alive(const std::string& lease) override;
    bool deregister(const std::string& lease) override;
    std::vector<Instance> resolve(const std::string& service) override;
    void watch(const std::string& service, std::int64_t since_revision, std::int64_t timeout_ms,
               rpcforge::Reply<Snapshot> reply) override;
    std::vector<std::string> services() override;

private:
    Store& store_;
};

}  // namespace rpcforge::registry
