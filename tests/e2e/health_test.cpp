// Health over real connections: the HTTP route a balancer checks and the rpc.health method
// follow the server's phase and its checks; a graceful stop says "draining" while it still
// serves, before it closes.

#include "support/http_probe.hpp"
#include "support/served_dispatcher.hpp"

#include <rpcforge/health.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

HttpReply get(const std::string& uri, const std::string& path) {
    HttpProbe probe(uri);
    probe.write("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
    auto reply = probe.read();
    if (!reply) throw std::runtime_error("no answer to GET " + path);
    return *reply;
}

/// A server with the health route and method, and one check the test turns on and off.
struct Checked : ServedDispatcher {
    std::atomic<bool> database_up{true};

    void start(ServerOptions options = {}) {
        server = std::make_unique<Server>(dispatcher, std::move(options));
        add_health_method(dispatcher, *server);
        dispatcher.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
        server->add_health_check("database", [this] { return database_up.load(); });
        server->add_http_route("/healthz", health_route(*server));
        uri = server->listen("http://127.0.0.1:0/rpc");
        server->start();
    }
};

TEST(Health, FollowsThePhaseAndTheChecks) {
    Checked served;
    Server idle(served.dispatcher);
    EXPECT_EQ(idle.health().status, "starting");
    served.start();

    auto serving = get(served.uri, "/healthz");
    EXPECT_EQ(serving.status, 200u);
    EXPECT_EQ(serving.header("Cache-Control"), "no-store");
    EXPECT_EQ(json::parse(serving.body), (json{{"status", "serving"}, {"checks", {{"database", "ok"}}}}));
    EXPECT_EQ(served.client()->call("rpc.health").at("status"), "serving");

    served.database_up = false;
    auto failing = get(served.uri, "/healthz");
    EXPECT_EQ(failing.status, 503u);
    EXPECT_EQ(json::parse(failing.body), (json{{"status", "failing"}, {"checks", {{"database", "failing"}}}}));
    EXPECT_EQ(served.client()->call("rpc.health").at("checks").at("database"), "failing");
}

TEST(Health, AGracefulStopDrainsBeforeItCloses) {
    Checked served;
    ServerOptions options;
    options.drain_time = 1500ms;
    served.start(options);
    auto client = served.client();
    EXPECT_EQ(client->call("add", {1, 2}), 3);

    auto stopped = std::async(std::launch::async, [&] { served.server->stop(); });
    // A balancer's check sees "draining" while the server still answers its clients.
    bool drained = false;
    for (int i = 0; i < 100 && !drained; ++i) {
        auto reply = get(served.uri, "/healthz");
        drained = reply.status == 503 && json::parse(reply.body).at("status") == "draining";
        if (!drained) std::this_thread::sleep_for(10ms);
    }
    EXPECT_TRUE(drained);
    EXPECT_EQ(served.server->health().status, "draining");
    EXPECT_EQ(client->call("add", {2, 2}), 4);
    EXPECT_EQ(client->call("rpc.health").at("status"), "draining");
    EXPECT_EQ(stopped.wait_for(0ms), std::future_status::timeout);

    stopped.get();
    EXPECT_EQ(served.server->health().status, "stopped");
    EXPECT_THROW(get(served.uri, "/healthz"), std::exception);
}

}  // namespace
}  // namespace rpcforge::test
