#pragma once
/// Registration with the embedded registry: with every store of the URI, since each is a
/// registry of its own (no replication), so that clients resolving from any of them find the
/// instance. A thread keeps each lease alive, registers again where a lease was lost (the
/// store restarted, or was unreachable past the TTL) and retries stores that are down.

#include "stop_flag.hpp"
#include "store_link.hpp"

#include <mutex>
#include <thread>

namespace rpcforge::discovery {

class RegistryRegistration final : public Registration {
public:
    /// Registers with every store now; throws DiscoveryError when none accepted the instance
    /// (the first refusal, or why each could not be reached). Stores that could not be
    /// reached are retried in the background.
    RegistryRegistration(const DiscoveryUri& uri, const DiscoveryOptions& options, std::string service,
                         const ServiceInstance& instance, std::chrono::seconds ttl);
    /// Deregisters, waiting at most the request timeout.
    ~RegistryRegistration() override;
    void deregister() override;

private:
    using Clock = StopFlag::Clock;
    /// One store's registration.
    struct Held {
        explicit Held(StoreLink link) : link(std::move(link)) {}

        StoreLink link;
        std::optional<std::string> lease;
        Clock::time_point due{};
        int failures = 0;
        std::string last_failure;
        bool refused = false;
    };

    void run();
    /// Keeps `held` alive, or registers it (again): one attempt, then sets when to come back.
    void renew(Held& held);
    /// Throws the error of a registration that no store accepted.
    void throw_failure(const std::string& uri) const;
    Clock::duration period() const { return std::chrono::duration_cast<Clock::duration>(ttl_) / 3; }

    std::string service_;
    wire::Instance instance_;
    std::chrono::seconds ttl_;
    std::chrono::milliseconds timeout_;
    // Shared with the connections, whose answers may come after this object is gone.
    std::shared_ptr<StopFlag> stop_ = std::make_shared<StopFlag>();
    std::vector<Held> held_;
    std::once_flag deregistered_;
    std::thread thread_;
};

}  // namespace rpcforge::discovery
