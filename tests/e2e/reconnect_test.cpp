// A client with ClientOptions::reconnect outlives its server: over tcp, unix, tls and ws it makes
// a new connection when the server comes back on the same address, calls made meanwhile wait
// up to their deadline, and a call the lost connection took goes out again only when its
// method is idempotent (docs/client.md#reconnecting).

#include <rpcforge/detail/backoff.hpp>
#include "support/certificates.hpp"
#include "support/gate.hpp"
#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace rpcforge::test {
namespace {

using Clock = std::chrono::steady_clock;

/// Counts what ReconnectOptions tells.
class Events {
public:
    void watch(ReconnectOptions& options) {
        options.on_lost = [this](const std::string&) { change(lost_); };
        options.on_reconnected = [this](int) { change(reconnected_); };
    }
    bool wait_lost(int count) { return wait(lost_, count); }
    bool wait_reconnected(int count) { return wait(reconnected_, count); }

private:
    void change(int& counter) {
        std::lock_guard lock(mutex_);
        ++counter;
        changed_.notify_all();
    }
    bool wait(int& counter, int count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 10s, [&] { return counter >= count; });
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    int lost_ = 0;
    int reconnected_ = 0;
};

/// A server that can be stopped and started again on the same address. Each start is a new
/// generation, which "generation" answers, so a test sees which server answered.
class RestartableServer {
public:
    explicit RestartableServer(Transport transport) : transport_(transport) {
        dispatcher_.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
        dispatcher_.add("generation", [this] { return generation_.load(); });
        dispatcher_.add("hold", [this] {
            gate_.wait();
            return generation_.load();
        });
        dispatcher_.add_notification("note", {"text"}, [this](const std::string& text) {
            std::lock_guard lock(mutex_);
            notes_.push_back(text);
        });
        dispatcher_.add("notes", [this] {
            std::lock_guard lock(mutex_);
            return json(notes_);
        });
        start();
    }
    ~RestartableServer() { stop(); }

    void start() {
        ServerOptions options;
        if (transport_ == Transport::tls4) options.tls = server_tls();
        server_ = std::make_unique<Server>(dispatcher_, std::move(options));
        server_->on_connect([this](const std::shared_ptr<Peer>& peer) {
            std::lock_guard lock(mutex_);
            last_peer_ = peer;
        });
        uri_ = server_->listen(uri_.empty() ? first_uri() : uri_);
        ++generation_;
        server_->start();
    }
    /// Closes every connection at once; a handler still running is let finish first.
    void stop() {
        if (!server_) return;
        server_->stop(0ms);
        {
            std::lock_guard lock(mutex_);
            last_peer_.reset();  // its connection must go before the server's io_context
        }
        server_.reset();
    }

    ClientOptions client_options(Events* events = nullptr) const {
        ClientOptions options;
        options.reconnect.enabled = true;
        options.reconnect.initial_delay = 20ms;
        options.reconnect.max_delay = 200ms;
        if (events) events->watch(options.reconnect);
        if (transport_ == Transport::tls4) options.tls = client_tls();
        return options;
    }
    std::unique_ptr<Client> client(Events* events = nullptr) const {
        return std::make_unique<Client>(uri_, client_options(events));
    }

    std::shared_ptr<Peer> last_peer() {
        std::lock_guard lock(mutex_);
        return last_peer_;
    }
    const std::string& uri() const { return uri_; }
    Gate& gate() { return gate_; }

private:
    std::string first_uri() const {
        switch (transport_) {
            case Transport::unix_socket: return "unix://" + temp_socket_path();
            case Transport::tls4: return "tls://127.0.0.1:0";
            case Transport::ws4: return "ws://127.0.0.1:0/rpc";
            default: return "tcp://127.0.0.1:0";
        }
    }

    Transport transport_;
    Dispatcher dispatcher_;
    Gate gate_;
    std::atomic<int> generation_{0};
    std::mutex mutex_;
    std::vector<std::string> notes_;
    std::shared_ptr<Peer> last_peer_;
    std::unique_ptr<Server> server_;
    std::string uri_;
};

CallOptions within(std::chrono::milliseconds timeout, bool idempotent = false) {
    CallOptions options;
    options.timeout = timeout;
    options.idempotent = idempotent;
    return options;
}

/// Polls `condition` for up to 10 s.
bool eventually(const std::function<bool()>& condition) {
    for (auto until = Clock::now() + 10s; Clock::now() < until; std::this_thread::sleep_for(5ms))
        if (condition()) return true;
    return condition();
}

TEST(ReconnectBackoff, GrowsByTheMultiplierUpToTheCeilingAndStartsOverOnSuccess) {
    detail::Backoff backoff(100ms, 1000ms, 3.0);
    EXPECT_EQ(backoff.failed(), 100ms);
    EXPECT_EQ(backoff.failed(), 300ms);
    EXPECT_EQ(backoff.failed(), 900ms);
    EXPECT_EQ(backoff.failed(), 1000ms);
    backoff.succeeded();
    EXPECT_EQ(backoff.failed(), 100ms);
}

TEST(ReconnectBackoff, JitterVariesEachDelayWithinItsFraction) {
    detail::Backoff backoff(1000ms, 1000ms, 2.0, 0.2);
    std::set<std::chrono::milliseconds::rep> seen;
    for (int i = 0; i < 50; ++i) {
        auto delay = backoff.failed();
        EXPECT_GE(delay, 800ms);
        EXPECT_LE(delay, 1200ms);
        seen.insert(delay.count());
    }
    EXPECT_GT(seen.size(), 5u);  // not one value for every client
}

class ReconnectOverEveryTransport : public ::testing::TestWithParam<Transport> {};

TEST_P(ReconnectOverEveryTransport, CallsSucceedAgainOnceTheServerIsBackWithoutANewClient) {
    RestartableServer server(GetParam());
    Dispatcher handlers;  // the server's calls to this client must reach it on every connection
    handlers.add("double", {"n"}, [](int n) { return 2 * n; });
    Events events;
    auto options = server.client_options(&events);
    options.handlers = &handlers;
    Client client(server.uri(), options);
    EXPECT_EQ(client.call("add", {1, 2}), 3);

    server.stop();
    ASSERT_TRUE(events.wait_lost(1));
    EXPECT_FALSE(client.is_connected());
    EXPECT_THROW(client.call("add", {1, 1}, within(50ms)), TimeoutError);  // waited, then gave up
    auto waiting = client.call_async("add", {2, 3}, within(10s));

    server.start();
    EXPECT_EQ(waiting.get(), 5);
    EXPECT_EQ(client.call("generation"), 2);
    EXPECT_TRUE(events.wait_reconnected(1));
    EXPECT_TRUE(client.is_connected());
    ASSERT_TRUE(eventually([&] { return server.last_peer() != nullptr; }));
    auto doubled = server.last_peer()->call_async("double", {21}, within(5s));
    EXPECT_EQ(doubled.get(), 42);
}

INSTANTIATE_TEST_SUITE_P(Reconnect, ReconnectOverEveryTransport,
                         ::testing::Values(Transport::tcp4, Transport::unix_socket, Transport::tls4, Transport::ws4),
                         [](const auto& info) { return name_of(info.param); });

TEST(Reconnect, IsOffByDefault) {
    RestartableServer server(Transport::tcp4);
    Client client(server.uri());
    EXPECT_EQ(client.call("add", {1, 2}), 3);
    server.stop();
    ASSERT_TRUE(eventually([&] { return !client.is_connected(); }));
    server.start();
    EXPECT_THROW(client.call("add", {1, 2}, within(5s)), NotSentError);
}

TEST(Reconnect, TheFirstConnectStillThrows) {
    std::string uri;
    {
        RestartableServer server(Transport::tcp4);
        uri = server.uri();
    }
    ClientOptions options;
    options.reconnect.enabled = true;
    EXPECT_THROW(Client(uri, options), ConnectionError);
}

TEST(Reconnect, ACallWhoseTimeoutPassesWhileDisconnectedFailsWithTimeoutError) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto client = server.client(&events);
    server.stop();
    ASSERT_TRUE(events.wait_lost(1));
    auto started = Clock::now();
    try {
        client->call("add", {1, 2}, within(200ms));
        FAIL() << "no exception";
    } catch (const TimeoutError& e) {
        EXPECT_NE(std::string(e.what()).find("no answer within 200 ms"), std::string::npos) << e.what();
    }
    EXPECT_GE(Clock::now() - started, 190ms);
    EXPECT_LT(Clock::now() - started, 5s);
}

TEST(Reconnect, CallsAndNotificationsMadeWhileDisconnectedGoOutInOrder) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto client = server.client(&events);
    server.stop();
    ASSERT_TRUE(events.wait_lost(1));
    client->notify("note", {"one"});
    auto sum = client->call_async("add", {1, 2}, within(10s));
    client->notify("note", {"two"});
    std::promise<json> then;
    client->call_then("add", {3, 4}, [&](json result, std::exception_ptr error) {
        if (error)
            then.set_exception(error);
        else
            then.set_value(result);
    }, within(10s));
    server.start();
    EXPECT_EQ(sum.get(), 3);
    EXPECT_EQ(then.get_future().get(), 7);
    EXPECT_EQ(client->call("notes"), json::parse(R"(["one", "two"])"));
}

TEST(Reconnect, TooManyWaitingFailAtOnceWithNotSentError) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto options = server.client_options(&events);
    options.reconnect.max_waiting = 2;
    Client client(server.uri(), options);
    server.stop();
    ASSERT_TRUE(events.wait_lost(1));
    auto first = client.call_async("add", {1, 1}, within(10s));
    client.notify("note", {"x"});
    auto third = client.call_async("add", {1, 2}, within(10s));
    EXPECT_EQ(third.wait_for(0s), std::future_status::ready);
    EXPECT_THROW(third.get(), NotSentError);
    EXPECT_THROW(client.notify("note", {"y"}), NotSentError);
    auto batch = client.send_batch(Batch().call("add", {1, 2}));
    EXPECT_THROW(batch.at(0).get(), NotSentError);  // batches do not wait
    server.start();
    EXPECT_EQ(first.get(), 2);
}

/// Stops the server while a "hold" call is running on it, and starts it again.
void lose_the_held_call(RestartableServer& server, Events& events) {
    ASSERT_TRUE(server.gate().wait_for_waiters(1));
    std::thread stopping([&] { server.stop(); });  // waits for the held handler
    EXPECT_TRUE(events.wait_lost(1));
    server.gate().open();
    stopping.join();
    server.start();
}

TEST(Reconnect, AnIdempotentCallInFlightIsSentAgainToTheRestartedServer) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto client = server.client(&events);
    auto held = client->call_async("hold", nullptr, within(10s, true));
    lose_the_held_call(server, events);
    EXPECT_EQ(held.get(), 2);  // answered by the second server
}

TEST(Reconnect, AnotherCallInFlightFailsWithConnectionError) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto client = server.client(&events);
    auto held = client->call_async("hold", nullptr, within(10s));
    lose_the_held_call(server, events);
    try {
        held.get();
        FAIL() << "no exception";
    } catch (const NotSentError& e) {
        FAIL() << "it was sent: " << e.what();
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("was lost before the answer came"), std::string::npos) << e.what();
    }
    EXPECT_EQ(client->call("generation", nullptr, within(10s)), 2);
}

TEST(Reconnect, CloseWhileReconnectingIsPromptAndFailsTheWaitingCalls) {
    RestartableServer server(Transport::tcp4);
    Events events;
    auto client = server.client(&events);
    server.stop();
    ASSERT_TRUE(events.wait_lost(1));
    auto waiting = client->call_async("add", {1, 2}, within(30s));
    auto started = Clock::now();
    client->close();
    EXPECT_LT(Clock::now() - started, 2s);
    EXPECT_EQ(waiting.wait_for(0s), std::future_status::ready);
    EXPECT_THROW(waiting.get(), ConnectionError);
    EXPECT_FALSE(client->is_connected());
    EXPECT_THROW(client->call("add", {1, 2}), NotSentError);
}

/// Accepts TCP connections on `port` and closes them at once (a TLS handshake then fails),
/// noting when each came.
class Refuser {
public:
    explicit Refuser(unsigned short port)
        : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), port}, /*reuse_address=*/true) {
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~Refuser() {
        io_.stop();
        thread_.join();
    }
    std::vector<Clock::time_point> attempts() {
        std::lock_guard lock(mutex_);
        return attempts_;
    }

private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
            if (ec) return;
            {
                std::lock_guard lock(mutex_);
                attempts_.push_back(Clock::now());
            }
            socket.close();
            accept();
        });
    }

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<Clock::time_point> attempts_;
};

TEST(Reconnect, DelaysBetweenAttemptsGrow) {
    RestartableServer server(Transport::tls4);
    auto options = server.client_options();
    options.reconnect.initial_delay = 20ms;
    options.reconnect.max_delay = 10s;
    options.reconnect.jitter = 0;
    Client client(server.uri(), options);
    auto port = static_cast<unsigned short>(std::stoi(server.uri().substr(server.uri().rfind(':') + 1)));
    server.stop();
    Refuser refuser(port);
    // Without backoff, 1.5 s would see some 75 attempts 20 ms apart; with it, attempts at about
    // 20, 60, 140, 300, 620 and 1260 ms. Bounds are loose for a loaded machine.
    std::this_thread::sleep_for(1500ms);
    auto attempts = refuser.attempts();
    ASSERT_GE(attempts.size(), 3u);
    EXPECT_LE(attempts.size(), 12u);
    auto first_gap = attempts[1] - attempts[0];
    auto last_gap = attempts.back() - attempts[attempts.size() - 2];
    EXPECT_GT(last_gap, 2 * first_gap);
    EXPECT_FALSE(client.is_connected());
}

}  // namespace
}  // namespace rpcforge::test
