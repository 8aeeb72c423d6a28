// An HTTP client outlives the connections under it: when the server closes one (idle timeout,
// "Connection: close", a restart) the next call goes out on a new one; a call whose request
// was written and never answered fails, and is not sent again.

#include "support/certificates.hpp"
#include "support/scripted_http_server.hpp"
#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

namespace rpcforge::test {
namespace {

/// Counts a server's connections as they open and close, and waits for the count. Declare it
/// before the server: the server's last on_disconnect may run while the server stops.
class ConnectionCounter {
public:
    void watch(Server& server) {
        server.on_connect([this](const std::shared_ptr<Peer>&) { change(+1, 0); });
        server.on_disconnect([this](const std::shared_ptr<Peer>&) { change(0, +1); });
    }

    int opened() {
        std::lock_guard lock(mutex_);
        return opened_;
    }

    /// True when `closed` connections have closed within the timeout.
    bool wait_closed(int closed, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return closed_ >= closed; });
    }

private:
    void change(int opened, int closed) {
        std::lock_guard lock(mutex_);
        opened_ += opened;
        closed_ += closed;
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    int opened_ = 0;
    int closed_ = 0;
};

class HttpReconnect : public ::testing::TestWithParam<Transport> {
protected:
    /// A server that drops a connection after 200 ms of silence.
    static ServerOptions quick_idle_timeout() {
        ServerOptions options;
        options.idle_timeout = 200ms;
        return options;
    }
};

TEST_P(HttpReconnect, ACallAfterTheIdleTimeoutGoesOutOnANewConnection) {
    ConnectionCounter counter;
    TestServer server(GetParam(), quick_idle_timeout());
    counter.watch(server.server());
    auto client = server.client();
    EXPECT_EQ(client->call("add", {1, 2}), 3);
    ASSERT_TRUE(counter.wait_closed(1));  // the server dropped the idle connection
    EXPECT_EQ(client->call("add", {2, 3}), 5);
    client->notify("notify_hello", {1});
    EXPECT_EQ(client->call("received"), json::parse(R"(["notify_hello[1]"])"));
    EXPECT_EQ(counter.opened(), 2);
    EXPECT_TRUE(client->is_connected());
}

TEST_P(HttpReconnect, AFirstCallAfterTheIdleTimeoutAlsoGoesOutOnANewConnection) {
    ConnectionCounter counter;
    TestServer server(GetParam(), quick_idle_timeout());
    counter.watch(server.server());
    auto client = server.client();
    ASSERT_TRUE(counter.wait_closed(1));  // the connection the client opened, never used
    EXPECT_EQ(client->call("add", {1, 2}), 3);
}

TEST_P(HttpReconnect, CookiesAndHeadersCarryOverToTheNewConnection) {
    ConnectionCounter counter;
    TestServer server(GetParam(), quick_idle_timeout());
    server.dispatcher().add("login", [](CallContext& context) { return context.set_cookie("session", "s1"); });
    server.dispatcher().add("whoami", [](CallContext& context) {
        const auto* session = context.cookie("session");
        const auto* token = context.header("X-Token");
        return json{session ? *session : "", token ? *token : ""};
    });
    counter.watch(server.server());
    ClientOptions client_options;
    client_options.http.headers.add("X-Token", "t1");
    auto client = server.client(client_options);
    EXPECT_EQ(client->call("login"), true);
    ASSERT_TRUE(counter.wait_closed(1));
    EXPECT_EQ(client->call("whoami"), json::parse(R"(["s1", "t1"])"));
}

TEST_P(HttpReconnect, CallsGoOnAcrossAServerRestartOnTheSamePort) {
    auto server = std::make_unique<TestServer>(GetParam());
    auto uri = server->uri();
    auto client = server->client();
    EXPECT_EQ(client->call("add", {1, 2}), 3);
    server.reset();
    // While no server listens, a call fails, and the client stays usable.
    EXPECT_THROW(client->call("add", {1, 2}), ConnectionError);
    EXPECT_TRUE(client->is_connected());

    Dispatcher dispatcher;
    dispatcher.add("add", {"a", "b"}, [](int a, int b) { return a + b + 1000; });
    ServerOptions options;
    options.tls = server_tls(false);
    Server restarted(dispatcher, options);
    ASSERT_EQ(restarted.listen(uri), uri);
    restarted.start();
    EXPECT_EQ(client->call("add", {1, 2}), 1003);
}

INSTANTIATE_TEST_SUITE_P(Http, HttpReconnect, ::testing::ValuesIn(http_transports()),
                         [](const auto& info) { return name_of(info.param); });

/// Answers a call with the sum of its two parameters, for ScriptedHttpServer.
std::optional<std::string> add(const std::string& body) {
    auto request = json::parse(body);
    auto sum = request["params"][0].get<int>() + request["params"][1].get<int>();
    return json{{"jsonrpc", "2.0"}, {"result", sum}, {"id", request["id"]}}.dump();
}

TEST(HttpClientReconnect, AServerThatClosesAfterEveryResponseIsCalledOverAndOver) {
    ScriptedHttpServer server(add);
    Client client(server.uri());
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.call("add", {i, 10}), i + 10);
    EXPECT_EQ(server.connections(), 5);
    EXPECT_TRUE(client.is_connected());
}

TEST(HttpClientReconnect, ACallInFlightWhenTheServerDropsFailsOnceAndTheNextWorks) {
    std::atomic<bool> dropped{false};
    ScriptedHttpServer server([&](const std::string& body) -> std::optional<std::string> {
        if (!dropped.exchange(true)) return std::nullopt;  // the first request: closed unanswered
        return add(body);
    });
    Client client(server.uri());
    try {
        client.call("add", {1, 2});
        FAIL() << "no failure";
    } catch (const ConnectionError& e) {
        EXPECT_EQ(std::string(e.what()), "the server closed the connection before answering");
    }
    EXPECT_EQ(client.call("add", {2, 3}), 5);
    EXPECT_EQ(server.requests(), 2);  // the lost request was not sent again
    EXPECT_TRUE(client.is_connected());
}

}  // namespace
}  // namespace rpcforge::test
