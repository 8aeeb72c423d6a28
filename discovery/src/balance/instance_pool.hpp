#pragma once
/// The instances a BalancedChannel spreads calls over: which one is next, their connections,
/// and which are ejected after a failure and until when.

#include <rpcforge/balanced_channel.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rpcforge::balance {

using Clock = std::chrono::steady_clock;

/// One instance and its connection. Attempts in flight hold it, so that an instance that leaves
/// discovery keeps its connection until its last call is answered. Whichever thread lets go of
/// it last, it is deleted on the channel's own thread (InstancePool's `reaper`): deleting closes
/// its Client, which must never happen on that Client's own I/O thread, where answers arrive.
struct Member {
    explicit Member(ServiceInstance instance) : instance(std::move(instance)) {}

    const ServiceInstance instance;
    std::atomic<std::size_t> outstanding{0};
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> failures{0};

    std::mutex connect_mutex;        // one connect at a time
    std::shared_ptr<Client> client;  // under connect_mutex

    Clock::time_point ejected_until{};            // under the pool's mutex
    std::atomic<bool> failed_last_time{false};   // so that a success takes no lock when nothing failed
    std::chrono::milliseconds next_ejection{};    // under the pool's mutex
};

class InstancePool {
public:
    /// Members are deleted by tasks posted to `reaper`, which must outlive every member.
    InstancePool(const BalancedChannelOptions& options, boost::asio::any_io_executor reaper);

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
    std::shared_ptr<Member> make_member(ServiceInstance instance) const;
    /// Closes every connection, failing the calls still waiting, and takes no more instances.
    void close();

private:
    bool ejected(const Member& member, Clock::time_point now) const { return now < member.ejected_until; }

    BalancedChannelOptions options_;
    boost::asio::any_io_executor reaper_;
    mutable std::mutex mutex_;
    std::atomic<std::size_t> retired_count_{0};     // retired_.size(), read without the lock
    std::vector<std::shared_ptr<Member>> members_;  // ordered by id
    std::vector<std::shared_ptr<Member>> retired_;  // left discovery with calls in flight
    std::size_t cursor_ = 0;                        // where the next round-robin turn starts
    bool closed_ = false;
};

}  // namespace rpcforge::balance
