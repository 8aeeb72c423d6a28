#pragma once
// The counters behind rpcforge::Metrics. Each hot counter is kept in one cell per thread slot,
// a cache line apart: two I/O threads counting calls of the same method would otherwise pass
// that line between their cores on every call. Readers add the cells up.

#include <rpcforge/metrics.hpp>

#include <boost/unordered/unordered_flat_map.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rpcforge::detail {

inline constexpr std::size_t counter_slots = 8;

/// The next slot, for a thread counting for the first time: threads take the slots in turn.
std::size_t take_thread_slot();

/// This thread's slot. Inline, and its variable constant-initialised (no guard to check): it is
/// read for every count.
inline std::size_t this_thread_slot() {
    constinit thread_local std::size_t slot = counter_slots;  // none yet
    if (slot == counter_slots) [[unlikely]]
        slot = take_thread_slot();
    return slot;
}

/// A signed sum many threads add to (a counter, or a gauge going up and down).
class SpreadSum {
public:
    void add(std::int64_t amount) { cells_[this_thread_slot()].value.fetch_add(amount, std::memory_order_relaxed); }
    std::int64_t read() const;

private:
    struct alignas(64) Cell {
        std::atomic<std::int64_t> value{0};
    };
    Cell cells_[counter_slots];
};

/// Durations in the buckets of histogram_bounds_seconds.
class SpreadHistogram {
public:
    void observe(std::chrono::nanoseconds duration);
    Histogram read() const;

private:
    struct alignas(64) Cell {
        std::atomic<std::uint64_t> counts[histogram_bounds_seconds.size() + 1]{};
        std::atomic<std::uint64_t> sum_nanoseconds{0};
    };
    Cell cells_[counter_slots];
};

struct MethodCounters {
    explicit MethodCounters(std::string name) : name(std::move(name)) {}
    void add_outcome(int code);
    MethodMetrics read() const;

    const std::string name;
    SpreadSum in_flight;
    SpreadHistogram duration;
    /// Outcome 0 apart and without a lock: it is most calls.
    SpreadSum successes;
    mutable std::mutex failures_mutex;
    std::map<int, std::uint64_t> failures;  // guarded by failures_mutex
};

/// The methods seen, found without a lock: readers follow an immutable snapshot that a writer
/// replaces with a copy holding one more entry. The set is bounded (only registered methods
/// get a row), so the copies stay few and small; all are kept until the end. Calls find their
/// row by the address of the dispatcher's copy of the name (Call::registered_method): hashing
/// a pointer costs a fraction of hashing the name.
class MethodTable {
public:
    MethodTable();
    /// The row of the method registered under `*registered` (several dispatchers registering
    /// one name share its row).
    MethodCounters& find_or_add(const std::string* registered);
    const MethodCounters* find(std::string_view name) const;
    std::vector<const MethodCounters*> all() const;  // by name

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    struct Snapshot {
        std::unordered_map<std::string, MethodCounters*, Hash, std::equal_to<>> by_name;
        /// The lookup of every call: open addressing (Boost's flat map), no node to follow.
        boost::unordered_flat_map<const std::string*, MethodCounters*> by_address;

        MethodCounters* row_at(const std::string* registered) const;
    };

    std::atomic<const Snapshot*> current_;
    std::mutex adding_;
    std::vector<std::unique_ptr<const Snapshot>> versions_;  // guarded by adding_
    std::deque<MethodCounters> counters_;                   // guarded by adding_; never moves an element
};

struct TransportCounters {
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::int64_t> open{0};
    std::atomic<std::uint64_t> refused_over_limit{0};
    std::atomic<std::uint64_t> refused_unauthenticated{0};
    SpreadSum received_bytes;
    SpreadSum sent_bytes;
};

/// The transports a ConnectionInfo names, and "other" for any it might name later.
inline constexpr std::string_view transport_names[] = {"tcp", "unix", "tls",    "http",  "https",
                                                       "ws",  "wss",  "memory", "stdio", "other"};

struct MetricCounters {
    TransportCounters& transport(std::string_view name);

    MethodTable methods;
    MethodCounters unknown_method{"(unknown)"};
    SpreadHistogram queued;
    TransportCounters transports[std::size(transport_names)];

    mutable std::mutex watched_mutex;
    std::vector<std::shared_ptr<const Authentication>> authentications;  // guarded by watched_mutex
};

}  // namespace rpcforge::detail
