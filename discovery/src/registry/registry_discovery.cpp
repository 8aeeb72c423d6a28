// registry://HOST:PORT[,HOST:PORT...]/SERVICE: the embedded registry (docs/registry.md),
// through its generated typed client. Each store is an independent registry: registrations go
// to all of them, lookups to the first that answers.
#include "backends.hpp"
#include "registration.hpp"
#include "registry_watch.hpp"

#include <mutex>

namespace rpcforge::discovery {
namespace {

class RegistryDiscovery final : public Discovery {
public:
    RegistryDiscovery(DiscoveryUri uri, DiscoveryOptions options)
        : uri_(std::move(uri)), options_(std::move(options)), lookups_(uri_, options_.request_timeout) {}

    std::unique_ptr<Registration> register_instance(const std::string& service, ServiceInstance instance,
                                                    std::chrono::seconds ttl) override {
        return std::make_unique<RegistryRegistration>(uri_, options_, service, instance, ttl);
    }

    std::vector<ServiceInstance> resolve(const std::string& service) override {
        std::lock_guard lock(mutex_);
        return from_wire(
            lookups_.run([&service](wire::RegistryClient& registry) { return registry.resolve(service); }));
    }

    std::unique_ptr<Watch> watch(const std::string& service, OnChange on_change) override {
        return std::make_unique<RegistryWatch>(uri_, options_, service, std::move(on_change));
    }

    std::string describe() const override { return uri_.store_uri(); }

private:
    const DiscoveryUri uri_;
    const DiscoveryOptions options_;
    std::mutex mutex_;  // resolve's connection is shared by the callers
    Failover lookups_;
};

}  // namespace

std::shared_ptr<Discovery> open_registry(const DiscoveryUri& uri, const DiscoveryOptions& options) {
    return std::make_shared<RegistryDiscovery>(uri, options);
}

}  // namespace rpcforge::discovery
