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

void HistogramCounts::observe(std::chrono::nanoseconds duration) {
    auto nanoseconds = std::max<std::int64_t>(0, duration.count());
    // Most calls land in the first buckets: a scan from the bottom beats a binary search.
    std::size_t bucket = 0;
    while (bucket < bounds_nanoseconds.size() && nanoseconds > bounds_nanoseconds[bucket]) ++bucket;
    counts[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_nanoseconds.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

void HistogramCounts::add_to(Histogram& histogram, std::uint64_t& sum) const {
    for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
        auto count = counts[i].load(std::memory_order_relaxed);
        histogram.counts[i] += count;
        histogram.count += count;
    }
    sum += sum_nanoseconds.load(std::memory_order_relaxed);
}

namespace {

double to_seconds(std::uint64_t nanoseconds) { return static_cast<double>(nanoseconds) / 1e9; }

}  // namespace

Histogram SpreadHistogram::read() const {
    Histogram histogram;
    std::uint64_t sum_nanoseconds = 0;
    for (const auto& cell : cells_) cell.counts.add_to(histogram, sum_nanoseconds);
    histogram.sum_seconds = to_seconds(sum_nanoseconds);
    return histogram;
}

void MethodCounters::end(std::chrono::nanoseconds duration, int code) {
    auto& cell = cells_[this_thread_slot()];
    cell.in_flight.fetch_sub(1, std::memory_order_relaxed);
    cell.duration.observe(duration);
    if (code == 0) {
        cell.successes.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    std::lock_guard lock(failures_mutex_);
    ++failures_[code];
}

MethodMetrics MethodCounters::read() const {
    MethodMetrics metrics;
    metrics.method = name;
    std::uint64_t successes = 0;
    std::uint64_t sum_nanoseconds = 0;
    for (const auto& cell : cells_) {
        metrics.in_flight += cell.in_flight.load(std::memory_order_relaxed);
        successes += cell.successes.load(std::memory_order_relaxed);
        cell.duration.add_to(metrics.duration, sum_nanoseconds);
    }
    metrics.duration.sum_seconds = to_seconds(sum_nanoseconds);
    {
        std::lock_guard lock(failures_mutex_);
        metrics.outcomes = failures_;
    }
    if (successes > 0) metrics.outcomes[0] = successes;
    return metrics;
}

std::uint64_t SpreadBytes::total(std::atomic<std::uint64_t> Cell::*counter) const {
    std::uint64_t sum = 0;
    for (const auto& cell : cells_) sum += (cell.*counter).load(std::memory_order_relaxed);
    return sum;
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

MethodCounters& MethodTable::find_or_add(const std::string* registered) {
    const Snapshot* current = current_.load(std::memory_order_acquire);
    if (auto found = current->by_address.find(registered); found != current->by_address.end()) return *found->second;
    std::lock_guard lock(adding_);
    // Another thread may have added it since.
    current = current_.load(std::memory_order_acquire);
    if (auto found = current->by_address.find(registered); found != current->by_address.end()) return *found->second;
    auto next = std::make_unique<Snapshot>(*current);
    MethodCounters* row = &counters_.emplace_back(*registered);
    next->by_name.emplace(row->name, row);
    next->by_address.emplace(registered, row);
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
