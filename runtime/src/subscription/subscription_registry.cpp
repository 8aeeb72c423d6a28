// The subscriptions of one method by id, for `<method>.unsubscribe`, and how ids are made.

#include <rpcforge/detail/subscription_sink.hpp>

#include <cstdint>
#include <cstdio>
#include <random>

namespace rpcforge::detail {

void SubscriptionRegistry::add(const std::shared_ptr<SubscriptionSink>& sink) {
    std::lock_guard lock(mutex_);
    sinks_[sink->id()] = sink;
}

void SubscriptionRegistry::erase(const std::string& id) {
    std::lock_guard lock(mutex_);
    sinks_.erase(id);
}

bool SubscriptionRegistry::cancel(const std::string& id, const Peer* peer) {
    std::shared_ptr<SubscriptionSink> sink;
    {
        std::lock_guard lock(mutex_);
        auto found = sinks_.find(id);
        if (found == sinks_.end()) return false;
        sink = found->second.lock();
    }
    // Another connection's subscription is as unknown to this one as an id never made.
    if (!sink || !sink->belongs_to(peer) || !sink->is_active()) return false;
    sink->cancel();  // outside our lock: the sink erases itself from us
    return true;
}

std::size_t SubscriptionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sinks_.size();
}

std::string new_subscription_id() {
    static std::mutex mutex;
    static std::mt19937_64 engine = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    std::uint64_t high, low;
    {
        std::lock_guard lock(mutex);
        high = engine();
        low = engine();
    }
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high),
                  static_cast<unsigned long long>(low));
    return text;
}

}  // namespace rpcforge::detail
