#include "observe/metric_counters.hpp"

#include <algorithm>

namespace rpcforge::detail {
namespace {

/// histogram_bounds_seconds in nanoseconds, for comparing without floating point.
constexpr auto bounds_nanoseconds = [] {
    std::array<std::int64_t, histogram_bounds_seconds.size()> bounds{};
    for (std::size_t i = 0; i < bounds.size(); ++i)
        bounds[i] = static_cast<std::int64_t>(histogram_bounds_seconds[i] * 1e9 + 0.5);
    return bounds;
}();

std::atomic<std::size_t> next_slot{0};

}  // namespace

std::size_t take_thread_slot() { return next_slot.fetch_add(1, std::memory_order_relaxed) % counter_slots; }

std::int64_t SpreadSum::read() const {
    std::int64_t sum = 0;
    for (const auto& cell : cells_) sum += cell.value.load(std::memory_order_relaxed);
    return sum;
}

void SpreadHistogram::observe(std::chrono::nanoseconds duration) {
    auto nanoseconds = std::max<std::int64_t>(0, duration.count());
    // Most calls land in the first buckets: a scan from the bottom beats a binary search.
    std::size_t bucket = 0;
    while (bucket < bounds_nanoseconds.size() && nanoseconds > bounds_nanoseconds[bucket]) ++bucket;
    auto& cell = cells_[this_thread_slot()];
    cell.counts[bucket].fetch_add(1, std::memory_order_relaxed);
    cell.sum_nanoseconds.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

Histogram SpreadHistogram::read() const {
    Histogram histogram;
    std::uint64_t sum_nanoseconds = 0;
    for (const auto& cell : cells_) {
        for (std::size_t i = 0; i < histogram.counts.size(); ++i)
            histogram.counts[i] += cell.counts[i].load(std::memory_order_relaxed);
        sum_nanoseconds += cell.sum_nanoseconds.load(std::memory_order_relaxed);
    }
    for (auto count : histogram.counts) histogram.count += count;
    histogram.sum_seconds = static_cast<double>(sum_nanoseconds) / 1e9;
    return histogram;
}

void MethodCounters::add_outcome(int code) {
    if (code == 0) return successes.add(1);
    std::lock_guard lock(failures_mutex);
    ++failures[code];
}

MethodMetrics MethodCounters::read() const {
    MethodMetrics metrics;
    metrics.method = name;
    metrics.in_flight = in_flight.read();
    metrics.duration = duration.read();
    {
        std::lock_guard lock(failures_mutex);
        metrics.outcomes = failures;
    }
    if (auto succeeded = successes.read(); succeeded > 0) metrics.outcomes[0] = static_cast<std::uint64_t>(succeeded);
    return metrics;
}

MethodTable::MethodTable() {
    versions_.push_back(std::make_unique<const Snapshot>());
    current_.store(versions_.back().get(), std::memory_order_release);
}

const MethodCounters* MethodTable::find(std::string_view name) const {
    const Snapshot* snapshot = current_.load(std::memory_order_acquire);
    auto found = snapshot->by_name.find(name);
    return found == snapshot->by_name.end() ? nullptr : found->second;
}

/// The row found by address, if it is still that method's: a dispatcher gone and another made
/// may put a different name at the same address.
MethodCounters* MethodTable::Snapshot::row_at(const std::string* registered) const {
    auto found = by_address.find(registered);
    return found != by_address.end() && found->second->name == *registered ? found->second : nullptr;
}

MethodCounters& MethodTable::find_or_add(const std::string* registered) {
    if (auto* row = current_.load(std::memory_order_acquire)->row_at(registered)) return *row;
    std::lock_guard lock(adding_);
    // Another thread may have added it since.
    const Snapshot* current = current_.load(std::memory_order_acquire);
    if (auto* row = current->row_at(registered)) return *row;
    auto next = std::make_unique<Snapshot>(*current);
    MethodCounters* row = nullptr;
    if (auto named = next->by_name.find(*registered); named != next->by_name.end()) {
        row = named->second;
    } else {
        row = &counters_.emplace_back(*registered);
        next->by_name.emplace(row->name, row);
    }
    next->by_address.insert_or_assign(registered, row);
    versions_.push_back(std::move(next));
    current_.store(versions_.back().get(), std::memory_order_release);
    return *row;
}

std::vector<const MethodCounters*> MethodTable::all() const {
    const Snapshot* snapshot = current_.load(std::memory_order_acquire);
    std::vector<const MethodCounters*> counters;
    counters.reserve(snapshot->by_name.size());
    for (const auto& [name, method] : snapshot->by_name) counters.push_back(method);
    std::sort(counters.begin(), counters.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return counters;
}

TransportCounters& MetricCounters::transport(std::string_view name) {
    std::size_t index = 0;
    while (index + 1 < std::size(transport_names) && transport_names[index] != name) ++index;
    return transports[index];
}

}  // namespace rpcforge::detail
