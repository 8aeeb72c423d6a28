#pragma once
/// The embedded registry's state: services, their instances, the leases that keep them and
/// the watches waiting for a change. In memory only, thread-safe, bounded (StoreLimits). A
/// thread of its own expires leases and answers watches at their deadline, so no caller's
/// thread waits: a watch hands over a callback and returns.

#include "registry_types.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace rpcforge::registry {

struct StoreLimits {
    /// Instances across every service; past it register is refused (TooManyInstances).
    std::size_t max_instances = 10000;
    /// Watches waiting at once; past it a watch that would wait is refused (TooManyWatches).
    std::size_t max_watches = 1024;
};

class Store {
public:
    using Clock = std::chrono::steady_clock;
    /// Receives a watch's answer, on whichever thread saw the change or the deadline, never
    /// under the store's lock.
    using WatchDone = std::function<void(Snapshot)>;

    explicit Store(StoreLimits limits = {});
    /// Answers the watches still waiting, then stops the store's thread.
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Adds `instance` (complete: id set) to `service`, replacing the one of the same id and
    /// revoking its lease. Throws TooManyInstances at the limit.
    Lease add(const std::string& service, Instance instance, std::chrono::seconds ttl);
    /// Renews `lease` for its whole TTL; nullopt when no such lease is live.
    std::optional<std::chrono::seconds> renew(const std::string& lease);
    /// Removes the instance of `lease`; false when no such lease is live.
    bool remove(const std::string& lease);
    /// The instances of `service` by id, and its revision (0 for a service without any).
    Snapshot snapshot(const std::string& service) const;
    std::vector<std::string> services() const;
    /// Calls `done` once the revision of `service` exceeds `since`, or at `timeout` with the
    /// state then: at once, on this thread, when it already does or `timeout` is zero.
    /// Throws TooManyWatches when the watch would wait and the limit is reached.
    void watch(const std::string& service, std::int64_t since, std::chrono::milliseconds timeout, WatchDone done);
    /// Answers every waiting watch now, and every later one at once, and returns once the
    /// store's thread is not answering any either: call it before the server whose calls
    /// the watches are goes away, so that no answer reaches a connection as it is torn down.
    void close_watches();

    std::size_t instance_count() const;
    std::size_t waiting_watches() const;

private:
    struct Entry {
        Instance instance;
        std::string lease;
    };
    struct Service {
        std::int64_t revision = 0;
        std::map<std::string, Entry> instances;  // by id: resolve's order
    };
    struct LeaseState {
        std::string service;
        std::string id;
        std::chrono::seconds ttl;
        Clock::time_point expires;
    };
    struct Waiter {
        std::string service;
        std::int64_t since;
        Clock::time_point deadline;
        WatchDone done;
    };
    /// An answer to give once the lock is released.
    struct Answer {
        WatchDone done;
        Snapshot snapshot;
    };
    using Answers = std::vector<Answer>;

    void run();
    /// The lock is held for these.
    void drop_lease(const std::string& lease, Answers& answers);
    void changed(const std::string& service, Answers& answers);
    void expire(Clock::time_point now, Answers& answers);
    std::optional<Clock::time_point> next_deadline() const;
    Snapshot snapshot_locked(const std::string& service) const;
    std::string new_lease_id();
    static void deliver(Answers& answers);

    const StoreLimits limits_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool watches_closed_ = false;
    int delivering_ = 0;  // answers the store's thread is giving, outside the lock
    std::int64_t revision_ = 0;
    std::size_t instance_count_ = 0;
    std::map<std::string, Service> services_;
    std::unordered_map<std::string, LeaseState> leases_;
    std::set<std::pair<Clock::time_point, std::string>> expiries_;
    std::uint64_t next_waiter_ = 0;
    std::map<std::uint64_t, Waiter> waiters_;
    std::random_device random_;  // lease ids: unguessable, so only their holder renews them
    std::thread thread_;
};

}  // namespace rpcforge::registry
