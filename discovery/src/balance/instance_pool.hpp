#pragma once
/// The instances a BalancedChannel spreads calls over: which one is next, their connections,
/// and which are ejected after a failure and until when.

#include <rpcforge/balanced_channel.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rpcforge::balance {

using Clock = std::chrono::steady_clock;

/// One instance and its connection. Attempts in flight hold it, so that an instance that leaves
/// discovery keeps its connection until its last call is answered.
struct Member {
    explicit Member(ServiceInstance instance) : instance(std::move(instance)) {}

    const ServiceInstance instance;
    std::atomic<std::size_t> outstanding{0};
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> failures{0};

    std::mutex connect_mutex;        // one connect at a time
    std::shared_ptr<Client> client;  // under connect_mutex

    // Under the pool's mutex.
    Clock::time_point ejected_until{};
    std::chrono::milliseconds next_ejection{};
};

class InstancePool {
public:
    explicit InstancePool(const BalancedChannelOptions& options);

    /// Takes the live instances: new ones join, gone ones leave (their calls in flight finish),
    /// and those that stay keep their connection and history.
    void update(std::vector<ServiceInstance> live);
    /// The instance to send to next, leaving out the ids in `tried`. An ejected one only when
    /// every other is tried or ejected too: then the one whose ejection ends first. Null when
    /// none is left, or after close().
    std::shared_ptr<Member> pick(const std::vector<std::string>& tried);
    /// The member's open connection, made now (trying for at most `within`) when it has none.
    /// Throws what Client throws.
    std::shared_ptr<Client> connect(Member& member, std::chrono::milliseconds within) const;
    /// Keeps calls away from `member` for a while, longer after each failure in a row.
    void eject(Member& member);
    void succeeded(Member& member);

    std::vector<BalancedChannel::InstanceStatus> status() const;
    /// Lets go of the instances that left discovery and have no call in flight any more.
    void prune();
    /// Closes every connection, failing the calls still waiting, and takes no more instances.
    void close();

private:
    bool ejected(const Member& member, Clock::time_point now) const { return now < member.ejected_until; }

    BalancedChannelOptions options_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Member>> members_;  // ordered by id
    std::vector<std::shared_ptr<Member>> retired_;  // left discovery with calls in flight
    std::size_t cursor_ = 0;                        // where the next round-robin turn starts
    bool closed_ = false;
};

}  // namespace rpcforge::balance
