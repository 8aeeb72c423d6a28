#pragma once
/// A watch on the embedded registry: a thread long-polls the registry's `watch` method and
/// reports each change of the service's live instances. A store that fails is left for the
/// next one of the URI, after a growing pause, and the state is asked afresh there (each
/// registry counts its own revisions).

#include "stop_flag.hpp"
#include "store_link.hpp"

#include <thread>

namespace rpcforge::discovery {

class RegistryWatch final : public Watch {
public:
    /// How long each long poll may wait at the registry: short, so that a registry that went
    /// away silently is noticed soon.
    static constexpr std::chrono::milliseconds poll_timeout{1000};

    /// Asks for the current state now (throws DiscoveryError when no store answers), then
    /// reports it and every change from the watch's thread.
    RegistryWatch(const DiscoveryUri& uri, const DiscoveryOptions& options, std::string service,
                  Discovery::OnChange on_change);
    /// Stops the thread within a few milliseconds; from inside on_change, lets it end by itself.
    ~RegistryWatch() override;

private:
    /// What the thread uses: shared with it, so that a watch destroyed from its own callback
    /// leaves the thread something to finish with.
    struct State {
        State(const DiscoveryUri& uri, std::chrono::milliseconds timeout, std::string service,
              Discovery::OnChange on_change)
            : stores(uri, timeout, stop),
              service(std::move(service)),
              on_change(std::move(on_change)),
              timeout(timeout) {}

        std::shared_ptr<StopFlag> stop = std::make_shared<StopFlag>();  // first: the stores report to it
        Failover stores;
        std::string service;
        Discovery::OnChange on_change;
        std::chrono::milliseconds timeout;
    };

    static void run(const std::shared_ptr<State>& state, wire::Snapshot first);
    /// One long poll; false when stopped.
    static bool poll(State& state, std::int64_t& since, std::vector<ServiceInstance>& last);
    static void report(State& state, const std::vector<ServiceInstance>& live);

    std::shared_ptr<State> state_;
    std::thread thread_;
};

}  // namespace rpcforge::discovery
