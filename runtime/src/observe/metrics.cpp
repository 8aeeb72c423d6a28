// Metrics as middleware (per method) and as what a server's connections report (per transport).

#include <rpcforge/auth.hpp>
#include <rpcforge/metrics.hpp>

#include "observe/metric_counters.hpp"

namespace rpcforge {
namespace detail {

MetricCounters& counters_of(Metrics& metrics) { return *metrics.counters_; }

}  // namespace detail

namespace {

/// A row per registered method; one row for all the others, which callers could invent
/// without end.
detail::MethodCounters& counters_for(detail::MetricCounters& counters, const Call& call) {
    return call.known_method() ? counters.methods.find_or_add(call.registered_method) : counters.unknown_method;
}

}  // namespace

std::uint64_t MethodMetrics::calls() const {
    std::uint64_t calls = 0;
    for (const auto& [code, count] : outcomes) calls += count;
    return calls;
}

std::uint64_t MethodMetrics::errors() const {
    auto succeeded = outcomes.find(0);
    return calls() - (succeeded == outcomes.end() ? 0 : succeeded->second);
}

Metrics::Metrics() : counters_(std::make_unique<detail::MetricCounters>()) {}
Metrics::~Metrics() = default;

void Metrics::before(Call& call, CallContext&) { counters_for(*counters_, call).begin(); }

void Metrics::after(const Call& call) {
    counters_for(*counters_, call).end(call.duration(), call.error_code());
    if (call.started != Call::Clock::time_point{}) counters_->queued.observe(call.queued());
}

void Metrics::watch(std::shared_ptr<const Authentication> authentication) {
    if (!authentication) return;
    std::lock_guard lock(counters_->watched_mutex);
    for (const auto& watched : counters_->authentications)
        if (watched == authentication) return;
    counters_->authentications.push_back(std::move(authentication));
}

std::vector<MethodMetrics> Metrics::methods() const {
    std::vector<MethodMetrics> methods;
    for (const auto* method : counters_->methods.all()) methods.push_back(method->read());
    auto unknown = counters_->unknown_method.read();
    if (unknown.calls() > 0 || unknown.in_flight != 0) methods.push_back(std::move(unknown));
    return methods;
}

std::optional<MethodMetrics> Metrics::method(std::string_view name) const {
    if (name == counters_->unknown_method.name) return counters_->unknown_method.read();
    const auto* method = counters_->methods.find(name);
    if (method == nullptr) return std::nullopt;
    return method->read();
}

std::vector<TransportMetrics> Metrics::transports() const {
    std::vector<TransportMetrics> transports;
    for (std::size_t i = 0; i < std::size(detail::transport_names); ++i) {
        const auto& counters = counters_->transports[i];
        TransportMetrics metrics;
        metrics.transport = detail::transport_names[i];
        metrics.connections = counters.connections.load(std::memory_order_relaxed);
        metrics.open = counters.open.load(std::memory_order_relaxed);
        metrics.refused_over_limit = counters.refused_over_limit.load(std::memory_order_relaxed);
        metrics.refused_unauthenticated = counters.refused_unauthenticated.load(std::memory_order_relaxed);
        metrics.received_bytes = counters.bytes.total_received();
        metrics.sent_bytes = counters.bytes.total_sent();
        if (metrics.connections > 0 || metrics.refused_over_limit > 0) transports.push_back(std::move(metrics));
    }
    return transports;
}

Histogram Metrics::queued() const { return counters_->queued.read(); }

}  // namespace rpcforge
