#include "registry_watch.hpp"

namespace rpcforge::discovery {

RegistryWatch::RegistryWatch(const DiscoveryUri& uri, const DiscoveryOptions& options, std::string service,
                             Discovery::OnChange on_change)
    : state_(std::make_shared<State>(uri, options.request_timeout, std::move(service), std::move(on_change))) {
    auto first =
        state_->stores.run([this](wire::RegistryClient& registry) { return registry.watch(state_->service, -1, 0); });
    thread_ = std::thread([state = state_, first = std::move(first)] { run(state, first); });
}

RegistryWatch::~RegistryWatch() {
    state_->stop->stop();
    if (thread_.get_id() == std::this_thread::get_id())
        thread_.detach();
    else
        thread_.join();
}

void RegistryWatch::run(const std::shared_ptr<State>& state, wire::Snapshot first) {
    auto last = from_wire(first.instances);
    report(*state, last);
    std::int64_t since = first.revision;
    auto pause = std::chrono::milliseconds(100);
    while (!state->stop->stopped()) {
        try {
            if (!poll(*state, since, last)) return;
            pause = std::chrono::milliseconds(100);
        } catch (const std::exception&) {
            // Unreachable, or refused (too many watches there): the next store, afresh.
            state->stores.failed();
            since = -1;
            if (state->stop->wait_for(pause)) return;
            pause = std::min(pause * 2, std::chrono::milliseconds(2000));
        }
    }
}

bool RegistryWatch::poll(State& state, std::int64_t& since, std::vector<ServiceInstance>& last) {
    auto answer = state.stop->await([&] {
        return state.stores.current()
            .client(poll_timeout + state.timeout)
            .watch_async(state.service, since, poll_timeout.count());
    });
    if (!answer) return false;
    since = answer->revision;
    auto live = from_wire(answer->instances);
    if (live != last) {
        last = std::move(live);
        report(state, last);
    }
    return true;
}

void RegistryWatch::report(State& state, const std::vector<ServiceInstance>& live) {
    if (state.stop->stopped()) return;
    try {
        state.on_change(live);
    } catch (...) {
        // The callback's failure is its own; the watch goes on.
    }
}

}  // namespace rpcforge::discovery
