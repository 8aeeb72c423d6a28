// Metrics in the Prometheus text exposition format, version 0.0.4: one "# HELP" and "# TYPE"
// per family, then its samples, families never interleaved (promtool checks it). The names
// and labels are documented in docs/observability.md.

#include <rpcforge/auth.hpp>
#include <rpcforge/metrics.hpp>

#include "observe/metric_counters.hpp"
#include "transport/http/read_only_route.hpp"

#include <charconv>
#include <string>

namespace rpcforge {
namespace {

class Exposition {
public:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        text_.append("# HELP ").append(name).append(" ").append(help).append("\n");
        text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    }
    /// `labels` is what goes between the braces, already escaped; may be empty.
    template <class Number>
    void sample(std::string_view name, std::string_view labels, Number value) {
        text_.append(name);
        if (!labels.empty()) text_.append("{").append(labels).append("}");
        text_.append(" ").append(number(value)).append("\n");
    }
    void histogram(std::string_view name, const std::string& labels, const Histogram& histogram) {
        std::string bucket = std::string(name) + "_bucket";
        std::string prefix = labels.empty() ? "" : labels + ",";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < histogram_bounds_seconds.size(); ++i) {
            cumulative += histogram.counts[i];
            sample(bucket, prefix + "le=\"" + number(histogram_bounds_seconds[i]) + "\"", cumulative);
        }
        sample(bucket, prefix + "le=\"+Inf\"", histogram.count);
        sample(std::string(name) + "_sum", labels, histogram.sum_seconds);
        sample(std::string(name) + "_count", labels, histogram.count);
    }
    std::string take() { return std::move(text_); }

    /// A label pair with the value escaped as the format asks: backslash, quote, newline.
    static std::string label(std::string_view name, std::string_view value) {
        std::string pair(name);
        pair += "=\"";
        for (char c : value) {
            if (c == '\\') pair += "\\\\";
            else if (c == '"') pair += "\\\"";
            else if (c == '\n') pair += "\\n";
            else pair += c;
        }
        return pair += '"';
    }

private:
    template <class Number>
    static std::string number(Number value) {
        char buffer[64];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        return std::string(buffer, end);
    }

    std::string text_;
};

void method_families(Exposition& out, const std::vector<MethodMetrics>& methods) {
    out.family("rpcforge_calls_total", "counter",
               "Calls and notifications finished, by method and JSON-RPC error code (0: success).");
    for (const auto& method : methods)
        for (const auto& [code, count] : method.outcomes)
            out.sample("rpcforge_calls_total",
                       Exposition::label("method", method.method) + "," + Exposition::label("code", std::to_string(code)),
                       count);
    out.family("rpcforge_calls_in_flight", "gauge", "Calls and notifications begun and not yet finished.");
    for (const auto& method : methods)
        out.sample("rpcforge_calls_in_flight", Exposition::label("method", method.method), method.in_flight);
    out.family("rpcforge_call_duration_seconds", "histogram",
               "Time from a call's arrival (the transport read it) to its outcome.");
    for (const auto& method : methods)
        out.histogram("rpcforge_call_duration_seconds", Exposition::label("method", method.method), method.duration);
}

void transport_families(Exposition& out, const std::vector<TransportMetrics>& transports) {
    auto each = [&](std::string_view name, std::string_view type, std::string_view help, auto value) {
        out.family(name, type, help);
        for (const auto& transport : transports)
            out.sample(name, Exposition::label("transport", transport.transport), value(transport));
    };
    each("rpcforge_connections_total", "counter", "Connections accepted.",
         [](const TransportMetrics& t) { return t.connections; });
    each("rpcforge_connections_open", "gauge", "Connections open now.", [](const TransportMetrics& t) { return t.open; });
    out.family("rpcforge_connections_refused_total", "counter",
               "Connections turned away: over the server's limit, or refused by its authentication.");
    for (const auto& transport : transports) {
        auto labels = Exposition::label("transport", transport.transport) + ",";
        out.sample("rpcforge_connections_refused_total", labels + Exposition::label("reason", "limit"),
                   transport.refused_over_limit);
        out.sample("rpcforge_connections_refused_total", labels + Exposition::label("reason", "unauthenticated"),
                   transport.refused_unauthenticated);
    }
    each("rpcforge_received_bytes_total", "counter", "Bytes of the messages received (after framing, TLS, HTTP).",
         [](const TransportMetrics& t) { return t.received_bytes; });
    each("rpcforge_sent_bytes_total", "counter", "Bytes of the messages sent (before framing, TLS, HTTP).",
         [](const TransportMetrics& t) { return t.sent_bytes; });
}

void authentication_family(Exposition& out, const std::vector<std::shared_ptr<const Authentication>>& watched) {
    out.family("rpcforge_authentications_total", "counter",
               "Authentications by outcome: accepted, failed (wrong credentials), missing (none presented).");
    if (watched.empty()) return;
    std::uint64_t accepted = 0, failed = 0, missing = 0;
    for (const auto& authentication : watched) {
        accepted += authentication->accepted();
        failed += authentication->failed_attempts();
        missing += authentication->missing_credentials();
    }
    out.sample("rpcforge_authentications_total", Exposition::label("outcome", "accepted"), accepted);
    out.sample("rpcforge_authentications_total", Exposition::label("outcome", "failed"), failed);
    out.sample("rpcforge_authentications_total", Exposition::label("outcome", "missing"), missing);
}

}  // namespace

std::string Metrics::prometheus_text() const {
    Exposition out;
    method_families(out, methods());
    out.family("rpcforge_call_queued_seconds", "histogram",
               "Time from a call's arrival to its handler's start (waiting for a thread or its turn).");
    out.histogram("rpcforge_call_queued_seconds", "", queued());
    transport_families(out, transports());
    std::lock_guard lock(counters_->watched_mutex);
    authentication_family(out, counters_->authentications);
    return out.take();
}

HttpHandler metrics_route(std::shared_ptr<const Metrics> metrics) {
    return [metrics = std::move(metrics)](const HttpRequest& request) {
        if (auto refused = detail::refuse_unless_get_or_head(request)) return *refused;
        HttpResponse response;
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        response.body = metrics->prometheus_text();
        return response;
    };
}

}  // namespace rpcforge
