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

/// A histogram's counters in one thread slot: the sum first, then the buckets, so that a fast
/// call (the first buckets) touches the line that holds the sum.
struct HistogramCounts {
    void observe(std::chrono::nanoseconds duration);
    /// Adds these counts to `histogram`, and the sum to `sum_nanoseconds`.
    void add_to(Histogram& histogram, std::uint64_t& sum_nanoseconds) const;

    std::atomic<std::uint64_t> sum_nanoseconds{0};
    std::atomic<std::uint64_t> counts[histogram_bounds_seconds.size() + 1]{};
};

/// Durations in the buckets of histogram_bounds_seconds.
class SpreadHistogram {
public:
    void observe(std::chrono::nanoseconds duration) { cells_[this_thread_slot()].counts.observe(duration); }
    Histogram read() const;

private:
    struct alignas(64) Cell {
        HistogramCounts counts;
    };
    Cell cells_[counter_slots];
};

class MethodCounters {
public:
    explicit MethodCounters(std::string name) : name(std::move(name)) {}
    /// A call began.
    void begin() { cells_[this_thread_slot()].in_flight.fetch_add(1, std::memory_order_relaxed); }
    /// A call ended with `code` (0: success), `duration` after it arrived.
    void end(std::chrono::nanoseconds duration, int code);
    MethodMetrics read() const;

    const std::string name;

private:
    /// What one thread slot counts of the method, together: a fast call's updates (in flight
    /// up and down, a success, the duration's sum and bucket) all fall on one cache line.
    struct alignas(64) Cell {
        std::atomic<std::int64_t> in_flight{0};
        /// Outcome 0 apart, without a lock: it is most calls.
        std::atomic<std::uint64_t> successes{0};
        HistogramCounts duration;
    };
    Cell cells_[counter_slots];
    mutable std::mutex failures_mutex_;
    std::map<int, std::uint64_t> failures_;  // guarded by failures_mutex_
};

/// Bytes in and out of a transport, both in one cache line per thread slot.
class SpreadBytes {
public:
    void received(std::size_t bytes) { add(&Cell::received, bytes); }
    void sent(std::size_t bytes) { add(&Cell::sent, bytes); }
    std::uint64_t total_received() const { return total(&Cell::received); }
    std::uint64_t total_sent() const { return total(&Cell::sent); }

private:
    struct alignas(64) Cell {
        std::atomic<std::uint64_t> received{0};
        std::atomic<std::uint64_t> sent{0};
    };
    void add(std::atomic<std::uint64_t> Cell::*counter, std::size_t bytes) {
        (cells_[this_thread_slot()].*counter).fetch_add(bytes, std::memory_order_relaxed);
    }
    std::uint64_t total(std::atomic<std::uint64_t> Cell::*counter) const;
    Cell cells_[counter_slots];
};

/// The methods seen, found without a lock: readers follow an immutable snapshot that a writer
/// replaces with a copy holding one more entry. The set is bounded (only registered methods
/// get a row), so the copies stay few and small; all are kept until the end. Calls find their
/// row by the address of the process's one copy of the name (Call::registered_method): hashing
/// a pointer costs a fraction of hashing the name, and an address names one method for good.
class MethodTable {
public:
    MethodTable();
    /// The row of the method whose interned name is `*registered`.
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
    SpreadBytes bytes;
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
