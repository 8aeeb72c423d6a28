// Metrics over real connections: per method (outcomes by code, durations, in flight), per
// transport (connections, bytes, refusals), authentication outcomes, and the Prometheus text
// served on an HTTP route. (Prometheus itself scrapes a server in tests/observability.)

#include "support/http_probe.hpp"
#include "support/raw_stream.hpp"
#include "support/served_dispatcher.hpp"
#include "support/transports.hpp"

#include <rpcforge/auth.hpp>
#include <rpcforge/metrics.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <unistd.h>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

/// A served dispatcher counted by one Metrics, as docs/observability.md sets it up.
struct Metered : ServedDispatcher {
    std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>();

    Metered() {
        dispatcher.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
        dispatcher.add("fail", [] { throw Error(-32050, "no"); });
        dispatcher.add_notification("ping", [] {});
    }
    void start(const std::string& listen_uri, ServerOptions options = {}) {
        dispatcher.use(metrics);
        options.metrics = metrics;
        ServedDispatcher::start(listen_uri, std::move(options));
        server->add_http_route("/metrics", metrics_route(metrics));
    }
};

/// Waits for `done` to hold; the server counts a closed connection on its own thread.
template <class Predicate>
bool eventually(Predicate done) {
    for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(10ms);
    return done();
}

/// A transport's figures; all zero before its first connection.
TransportMetrics transport(const Metrics& metrics, const std::string& name) {
    for (auto& transport : metrics.transports())
        if (transport.transport == name) return transport;
    return TransportMetrics{name};
}

TEST(Metrics, CountsEachMethodsOutcomesByCodeAndGathersUnknownMethodsInOneRow) {
    Metered served;
    served.start("tcp://127.0.0.1:0");
    auto client = served.client();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(client->call("add", {1, i}), 1 + i);
    for (int i = 0; i < 2; ++i) EXPECT_THROW(client->call("fail"), Error);
    for (const char* invented : {"nope", "nope2", "nope"}) EXPECT_THROW(client->call(invented), Error);
    client->notify("ping");
    EXPECT_EQ(client->call("add", {0, 0}), 0);  // after the notification on the same connection

    auto add = served.metrics->method("add");
    ASSERT_TRUE(add);
    EXPECT_EQ(add->outcomes, (std::map<int, std::uint64_t>{{0, 4}}));
    EXPECT_EQ(add->duration.count, 4u);
    EXPECT_GT(add->duration.sum_seconds, 0);
    EXPECT_EQ(add->in_flight, 0);
    EXPECT_EQ(served.metrics->method("fail")->outcomes, (std::map<int, std::uint64_t>{{-32050, 2}}));
    EXPECT_EQ(served.metrics->method("fail")->errors(), 2u);
    EXPECT_EQ(served.metrics->method("ping")->calls(), 1u);
    EXPECT_EQ(served.metrics->method("(unknown)")->outcomes, (std::map<int, std::uint64_t>{{-32601, 3}}));
    // Invented names never become rows: callers cannot grow the metrics.
    EXPECT_FALSE(served.metrics->method("nope"));
    EXPECT_EQ(served.metrics->methods().size(), 4u);
    EXPECT_EQ(served.metrics->queued().count, 7u);  // the handlers that ran
}

TEST(Metrics, AHandlerThatHasNotAnsweredIsInFlight) {
    Metered served;
    std::promise<Reply<int>> pending;
    served.dispatcher.add("slow", [&](Reply<int> reply) { pending.set_value(reply); });
    served.start("tcp://127.0.0.1:0");
    auto client = served.client();

    auto answer = std::async(std::launch::async, [&] { return client->call("slow"); });
    auto reply = pending.get_future().get();
    EXPECT_EQ(served.metrics->method("slow")->in_flight, 1);
    reply(7);
    EXPECT_EQ(answer.get(), 7);
    EXPECT_EQ(served.metrics->method("slow")->in_flight, 0);
    EXPECT_EQ(served.metrics->method("slow")->calls(), 1u);
}

TEST(Metrics, CountsConnectionsAndMessageBytesPerTransport) {
    Metered served;
    served.start("tcp://127.0.0.1:0");
    const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]})";
    {
        RawStream stream(served.uri);
        stream.send(call);
        auto answer = stream.receive();
        ASSERT_TRUE(answer);
        ASSERT_TRUE(eventually([&] { return transport(*served.metrics, "tcp").open == 1; }));
        auto tcp = transport(*served.metrics, "tcp");
        EXPECT_EQ(tcp.connections, 1u);
        // The message, not its newline: bytes as the JSON-RPC layer sees them.
        EXPECT_EQ(tcp.received_bytes, call.size());
        EXPECT_EQ(tcp.sent_bytes, answer->size());
    }
    EXPECT_TRUE(eventually([&] { return transport(*served.metrics, "tcp").open == 0; }));
    for (const auto& listed : served.metrics->transports()) EXPECT_EQ(listed.transport, "tcp");  // only those used
}

TEST(Metrics, CountsConnectionsTurnedAwayOverTheLimit) {
    Metered served;
    ServerOptions options;
    options.max_connections = 1;
    served.start("tcp://127.0.0.1:0", options);
    RawStream first(served.uri);
    first.send(R"({"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]})");
    ASSERT_TRUE(first.receive());
    RawStream second(served.uri);
    EXPECT_TRUE(eventually([&] { return transport(*served.metrics, "tcp").refused_over_limit == 1; }));
    EXPECT_EQ(transport(*served.metrics, "tcp").connections, 1u);
}

TEST(Metrics, CountsStreamConnectionsTheirAuthenticationRefused) {
    auto authentication = std::make_shared<Authentication>();
    authentication->add(unix_peer_allow_list({static_cast<unsigned>(::getuid()) + 1}));  // not us
    Metered served;
    ServerOptions options;
    options.authentication = authentication;
    served.start("unix://" + temp_socket_path(), options);
    auto client = served.client();

    EXPECT_THROW(client->call("add", {1, 2}), Error);
    auto unix_transport = transport(*served.metrics, "unix");
    EXPECT_EQ(unix_transport.connections, 1u);  // accepted, then every call refused
    EXPECT_EQ(unix_transport.refused_unauthenticated, 1u);
    EXPECT_EQ(unix_transport.refused_over_limit, 0u);
    EXPECT_NE(served.metrics->prometheus_text().find(
                  "rpcforge_connections_refused_total{transport=\"unix\",reason=\"unauthenticated\"} 1\n"),
              std::string::npos);
}

TEST(Metrics, ServesThePrometheusTextOnItsRoute) {
    Metered served;
    served.dispatcher.add("say \"hi\"\\now", [] { return 1; });  // a name the format must escape
    served.start("http://127.0.0.1:0/rpc");
    auto client = served.client();
    EXPECT_EQ(client->call("add", {1, 2}), 3);
    EXPECT_EQ(client->call("say \"hi\"\\now"), 1);

    HttpProbe probe(served.uri);
    probe.write("GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n");
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200u);
    EXPECT_EQ(reply->header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const auto& text = reply->body;
    EXPECT_NE(text.find("# TYPE rpcforge_calls_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("rpcforge_calls_total{method=\"add\",code=\"0\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("rpcforge_calls_total{method=\"say \\\"hi\\\"\\\\now\",code=\"0\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("rpcforge_call_duration_seconds_bucket{method=\"add\",le=\"+Inf\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("rpcforge_call_duration_seconds_count{method=\"add\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("rpcforge_connections_total{transport=\"http\"} 2\n"), std::string::npos);  // client, probe
    EXPECT_NE(text.find("rpcforge_calls_in_flight{method=\"add\"} 0\n"), std::string::npos);

    probe.write("POST /metrics HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
    auto refused = probe.read();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 405u);
}

TEST(Metrics, CountsAuthenticationOutcomes) {
    auto tokens = std::filesystem::temp_directory_path() / ("rpcforge-metrics-tokens-" + std::to_string(::getpid()));
    std::ofstream(tokens) << "s3cret alice\n";
    auto authentication = std::make_shared<Authentication>();
    authentication->add(bearer_tokens(tokens));
    std::filesystem::remove(tokens);
    Metered served;
    ServerOptions options;
    options.authentication = authentication;
    served.start("http://127.0.0.1:0/rpc", options);

    const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]})";
    HttpProbe probe(served.uri);
    probe.write(HttpProbe::post("/rpc", call, "Authorization: Bearer s3cret\r\n"));
    EXPECT_EQ(probe.read()->status, 200u);
    probe.write(HttpProbe::post("/rpc", call, "Authorization: Bearer wrong\r\n"));
    EXPECT_EQ(probe.read()->status, 401u);
    probe.write(HttpProbe::post("/rpc", call));
    EXPECT_EQ(probe.read()->status, 401u);

    auto text = served.metrics->prometheus_text();
    EXPECT_NE(text.find("rpcforge_authentications_total{outcome=\"accepted\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("rpcforge_authentications_total{outcome=\"failed\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("rpcforge_authentications_total{outcome=\"missing\"} 1\n"), std::string::npos);
    EXPECT_EQ(served.metrics->method("add")->calls(), 1u);  // the refused ones never ran
}

}  // namespace
}  // namespace rpcforge::test
