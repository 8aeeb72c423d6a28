#pragma once
/// Metrics: what a server did, per method and per transport, readable in code and served in
/// the Prometheus text format. See docs/observability.md.
///
///     auto metrics = std::make_shared<rpcforge::Metrics>();
///     dispatcher.use(metrics);                              // per method: first, to see every call
///     options.metrics = metrics;                            // per transport: connections, bytes
///     rpcforge::Server server(dispatcher, options);
///     server.add_http_route("/metrics", rpcforge::metrics_route(metrics));

#include <rpcforge/http.hpp>
#include <rpcforge/middleware.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rpcforge {

class Authentication;
class Metrics;

namespace detail {
struct MetricCounters;
/// The counters a server updates as connections come and go (runtime/src/observe/).
MetricCounters& counters_of(Metrics& metrics);
}  // namespace detail

/// Upper bounds of the histograms' buckets, in seconds. From 50 µs, where a call on the I/O
/// thread of a quiet server ends, to 10 s; Prometheus' default buckets start at 5 ms and would
/// put every fast call in the first.
inline constexpr std::array<double, 17> histogram_bounds_seconds{
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05,    0.1,    0.25,    0.5,    1.0,   2.5,    5.0,   10.0};

struct Histogram {
    /// Observations per bucket, not cumulative: counts[i] fell in (bound[i-1], bound[i]];
    /// the last one is above every bound.
    std::array<std::uint64_t, histogram_bounds_seconds.size() + 1> counts{};
    std::uint64_t count = 0;
    double sum_seconds = 0;
};

/// One method's figures since the Metrics was made.
struct MethodMetrics {
    /// As called; "(unknown)" gathers the calls of methods not registered (so that callers
    /// cannot grow the metrics by inventing names).
    std::string method;
    /// Finished calls and notifications, by JSON-RPC error code; 0 counts the successes.
    std::map<int, std::uint64_t> outcomes;
    /// Begun and not finished.
    std::int64_t in_flight = 0;
    /// From arrival (the transport read the message) to the outcome.
    Histogram duration;

    std::uint64_t calls() const;
    std::uint64_t errors() const;
};

/// One transport's figures (tcp, unix, tls, http, https, ws, wss, memory, stdio).
struct TransportMetrics {
    std::string transport;
    std::uint64_t connections = 0;  ///< accepted since the Metrics was made
    std::int64_t open = 0;
    /// Turned away: over ServerOptions::max_connections, or refused by its authentication
    /// (a stream connection; HTTP requests and WebSocket upgrades count as authentications).
    std::uint64_t refused_over_limit = 0;
    std::uint64_t refused_unauthenticated = 0;
    /// Message bytes as the JSON-RPC layer sees them (after framing, TLS, HTTP and
    /// decompression are taken off): the size of the work, not of the wire.
    std::uint64_t received_bytes = 0;
    std::uint64_t sent_bytes = 0;
};

/// Counts calls as middleware (register it first: Dispatcher::use) and connections as the
/// server's observer (ServerOptions::metrics). Thread-safe; counting costs a few relaxed
/// atomic additions on counters kept per thread, so the threads do not contend for them.
/// One Metrics may serve several dispatchers and servers: their figures add up.
class Metrics final : public Middleware {
public:
    Metrics();
    ~Metrics() override;
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    void before(Call& call, CallContext& context) override;
    void after(const Call& call) override;

    /// Adds the outcomes of `authentication` (accepted, failed, missing credentials) to what
    /// is served. A Server given both does this itself.
    void watch(std::shared_ptr<const Authentication> authentication);

    /// Every method called so far, by name.
    std::vector<MethodMetrics> methods() const;
    /// One method's figures; nullopt when it was never called.
    std::optional<MethodMetrics> method(std::string_view name) const;
    /// Every transport that had a connection, by name.
    std::vector<TransportMetrics> transports() const;
    /// Time calls waited between arrival and their handler's start (a thread, their turn).
    Histogram queued() const;

    /// Everything above in the Prometheus text exposition format (version 0.0.4).
    std::string prometheus_text() const;

private:
    friend detail::MetricCounters& detail::counters_of(Metrics& metrics);
    std::unique_ptr<detail::MetricCounters> counters_;
};

/// An HTTP route (Server::add_http_route) answering GET with metrics->prometheus_text().
HttpHandler metrics_route(std::shared_ptr<const Metrics> metrics);

}  // namespace rpcforge
