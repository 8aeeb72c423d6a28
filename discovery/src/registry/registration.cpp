#include "registration.hpp"

#include <algorithm>

namespace rpcforge::discovery {

RegistryRegistration::RegistryRegistration(const DiscoveryUri& uri, const DiscoveryOptions& options,
                                           std::string service, const ServiceInstance& instance,
                                           std::chrono::seconds ttl)
    : service_(std::move(service)), instance_(to_wire(instance)), ttl_(ttl), timeout_(options.request_timeout) {
    for (const auto& store : uri.stores) held_.emplace_back(StoreLink(store, timeout_, stop_));
    for (auto& held : held_) renew(held);
    if (std::none_of(held_.begin(), held_.end(), [](const Held& held) { return held.lease.has_value(); }))
        throw_failure(uri.store_uri());
    thread_ = std::thread([this] { run(); });
}

RegistryRegistration::~RegistryRegistration() { deregister(); }

void RegistryRegistration::deregister() {
    std::call_once(deregistered_, [this] {
        stop_->stop();
        if (thread_.joinable()) thread_.join();
        // Every store at once, within one timeout: a store that does not answer by then lets
        // the instance expire with its TTL.
        auto deadline = Clock::now() + timeout_;
        std::vector<std::future<bool>> answers;  // deferred: the StopFlag counts the answers instead
        for (auto& held : held_) {
            if (!held.lease || Clock::now() >= deadline) continue;
            try {
                answers.push_back(held.link.client().deregister_async(*held.lease));
            } catch (const std::exception&) {
                // Unreachable now: the TTL will remove it.
            }
            held.lease.reset();
        }
        stop_->wait_for_answers(deadline);
    });
}

void RegistryRegistration::run() {
    for (;;) {
        auto next = std::min_element(held_.begin(), held_.end(), [](const Held& a, const Held& b) {
                        return a.due < b.due;
                    })->due;
        if (stop_->wait_until(next)) return;
        auto now = Clock::now();
        for (auto& held : held_) {
            if (stop_->stopped()) return;
            if (held.due <= now) renew(held);
        }
    }
}

void RegistryRegistration::renew(Held& held) {
    try {
        if (held.lease) {
            try {
                stop_->await([&] { return held.link.client().keep_alive_async(*held.lease); });
                held.failures = 0;
                held.due = Clock::now() + period();
                return;
            } catch (const wire::UnknownLease&) {
                // The store restarted, or the lease ran out while the store was out of reach.
                held.lease.reset();
            }
        }
        auto granted =
            stop_->await([&] { return held.link.client().register_async(service_, instance_, ttl_.count()); });
        if (!granted) return;  // stopping
        held.lease = granted->lease;
        held.failures = 0;
        held.due = Clock::now() + period();
    } catch (const std::exception& failure) {
        // A refusal (an error answer) leaves the connection as it is; anything else drops it.
        held.refused = dynamic_cast<const rpcforge::Error*>(&failure) != nullptr;
        if (!held.refused) held.link.drop();
        held.last_failure = failure.what();
        // Soon at first, then less often, but always within the lease's TTL so that a
        // passing failure does not let it expire.
        auto backoff = std::chrono::milliseconds(100) * (1 << std::min(held.failures++, 6));
        held.due = Clock::now() + std::min<Clock::duration>(backoff, period());
    }
}

void RegistryRegistration::throw_failure(const std::string& uri) const {
    for (const auto& held : held_)
        if (held.refused)
            throw store_error(held.link.store(),
                              "refused to register an instance of '" + service_ + "': " + held.last_failure);
    std::string failures;
    for (const auto& held : held_)
        failures += (failures.empty() ? "" : "; ") + held.link.store() + ": " + held.last_failure;
    throw DiscoveryError(uri + ": no registry answered (" + failures + ")");
}

}  // namespace rpcforge::discovery
