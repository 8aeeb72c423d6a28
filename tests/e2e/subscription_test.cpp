// Typed subscriptions over real sockets (docs/subscriptions.md): items in order and typed, the
// ends (by the server, with an error, by unsubscribing, by disconnecting), the bounded queues on
// both sides, coroutines, and HTTP's refusal.

#include "support/raw_stream.hpp"
#include "support/transports.hpp"

#include <rpcforge/subscription.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace rpcforge::test {
namespace {

struct Tick {
    std::int64_t n = 0;
    std::string text;
    bool operator==(const Tick&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Tick, n, text)

Tick tick(std::int64_t n) { return {n, "tick " + std::to_string(n)}; }

/// Waits for `condition` for up to 20 s (two loaded cores: generous, and only a bound).
template <class Condition>
bool eventually(Condition condition) {
    auto until = std::chrono::steady_clock::now() + 20s;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

/// Producers run on threads of their own, joined before the server goes.
class Producers {
public:
    ~Producers() {
        for (auto& thread : threads_) thread.join();
    }
    template <class F>
    void run(F f) {
        std::lock_guard lock(mutex_);
        threads_.emplace_back(std::move(f));
    }

private:
    std::mutex mutex_;
    std::vector<std::thread> threads_;
};

/// What the server side of a test saw.
struct Seen {
    std::promise<void> cancelled;
    std::atomic<int> sent{0};
    std::mutex mutex;
    std::optional<Subscription<Tick>> sink;
};

/// A client whose handlers route `ticks` to its streams.
struct StreamingClient {
    StreamingClient(TestServer& server, ClientOptions options = {}) {
        route_streams(handlers, "ticks");
        options.handlers = &handlers;
        client = server.client(options);
    }
    Dispatcher handlers;
    std::unique_ptr<Client> client;
};

/// `ticks(count)`: sends count ticks from a thread, then ends (`fail_with` set: by that error).
void add_ticks(Dispatcher& dispatcher, Producers& producers, Seen& seen, SubscriptionOptions options = {},
               std::optional<int> fail_with = std::nullopt) {
    add_subscription(
        dispatcher, "ticks", {"count"},
        [&producers, &seen, fail_with](std::int64_t count, Subscription<Tick> sink) {
            sink.on_cancel([&seen] { seen.cancelled.set_value(); });
            {
                std::lock_guard lock(seen.mutex);
                seen.sink = sink;
            }
            producers.run([sink, count, &seen, fail_with] {
                for (std::int64_t n = 0; n < count || count < 0; ++n) {
                    if (!sink.send(tick(n))) return;
                    ++seen.sent;
                }
                if (fail_with)
                    sink.fail(Error(*fail_with, "the feed broke"));
                else
                    sink.close();
            });
        },
        options);
}

class SubscriptionOver : public ::testing::TestWithParam<Transport> {};

TEST_P(SubscriptionOver, ItemsArriveInOrderTypedAndThenTheEnd) {
    TestServer server(GetParam());
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    {
        auto ticks = subscribe<Tick>(*client.client, "ticks", {{"count", 300}});
        for (std::int64_t n = 0; n < 300; ++n) ASSERT_EQ(ticks.next(), tick(n));
        EXPECT_EQ(ticks.next(), std::nullopt);
        EXPECT_EQ(ticks.next(), std::nullopt);
    }
}

TEST_P(SubscriptionOver, UnsubscribeStopsTheItemsAndTheServerLearnsOfIt) {
    TestServer server(GetParam());
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    auto cancelled = seen.cancelled.get_future();
    auto ticks = subscribe<Tick>(*client.client, "ticks", {{"count", -1}});  // endless
    EXPECT_EQ(ticks.next(), tick(0));
    EXPECT_EQ(ticks.next(), tick(1));
    ticks.unsubscribe();
    EXPECT_EQ(ticks.next(), std::nullopt);
    ASSERT_EQ(cancelled.wait_for(20s), std::future_status::ready);
    std::lock_guard lock(seen.mutex);
    EXPECT_FALSE(seen.sink->is_active());
    EXPECT_FALSE(seen.sink->try_send(tick(9)));
}

TEST_P(SubscriptionOver, ADisconnectedSubscriberIsCancelled) {
    TestServer server(GetParam());
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    auto cancelled = seen.cancelled.get_future();
    auto ticks = subscribe<Tick>(*client.client, "ticks", {{"count", -1}});
    EXPECT_EQ(ticks.next(), tick(0));
    client.client->close();  // the stream's own unsubscribe, later, finds the connection gone
    ASSERT_EQ(cancelled.wait_for(20s), std::future_status::ready);
}

TEST_P(SubscriptionOver, TheServerEndsItWithAnErrorAfterTheItems) {
    TestServer server(GetParam());
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen, {}, -32010);
    StreamingClient client(server);
    auto ticks = subscribe<Tick>(*client.client, "ticks", {{"count", 2}});
    EXPECT_EQ(ticks.next(), tick(0));
    EXPECT_EQ(ticks.next(), tick(1));
    try {
        ticks.next();
        FAIL() << "the end by failure throws";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), -32010);
        EXPECT_EQ(e.message(), "the feed broke");
    }
}

TEST_P(SubscriptionOver, UnsubscribingAnotherConnectionsOrAnUnknownIdIsFalse) {
    TestServer server(GetParam());
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient owner(server);
    StreamingClient other(server);
    auto ticks = subscribe<Tick>(*owner.client, "ticks", {{"count", -1}});
    EXPECT_EQ(other.client->call("ticks.unsubscribe", {{"subscription", ticks.id()}}), false);
    EXPECT_EQ(owner.client->call("ticks.unsubscribe", {{"subscription", "nope"}}), false);
    EXPECT_EQ(ticks.next(), tick(0));
    EXPECT_EQ(owner.client->call("ticks.unsubscribe", {{"subscription", ticks.id()}}), true);
    EXPECT_EQ(owner.client->call("ticks.unsubscribe", {{"subscription", ticks.id()}}), false);
}

INSTANTIATE_TEST_SUITE_P(Subscription, SubscriptionOver,
                         ::testing::Values(Transport::tcp4, Transport::unix_socket, Transport::tls4, Transport::ws4,
                                           Transport::wss4),
                         [](const auto& info) { return name_of(info.param); });

TEST(Subscription, HttpRefusesToSubscribe) {
    TestServer server(Transport::http4);
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    try {
        subscribe<Tick>(*client.client, "ticks", {{"count", 1}});
        FAIL() << "HTTP cannot push";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error_code::cannot_push);
        EXPECT_NE(e.message().find("HTTP"), std::string::npos) << e.message();
    }
}

TEST(Subscription, WithoutRoutesSubscribingIsALogicError) {
    TestServer server(Transport::tcp4);
    auto client = server.client();
    EXPECT_THROW(subscribe<Tick>(*client, "never_routed", nullptr), std::logic_error);
}

// A subscriber that does not read: the server queues at most max_queued_items unwritten items,
// its producer waits for room, and nothing is lost once the subscriber reads again.
TEST(Subscription, ASlowReaderHoldsTheProducerAtTheQueueBound) {
    TestServer server(Transport::tcp4);
    Seen seen;
    Producers producers;
    const std::string big(16 * 1024, 'x');  // kernel buffers hold some MB: these fill them soon
    constexpr int total = 2000;              // 32 MB: more than any socket buffers hold
    add_subscription(server.dispatcher(), "big", [&](Subscription<std::string> sink) {
        producers.run([sink, &seen, &big] {
            for (int n = 0; n < total; ++n) {
                if (!sink.send(std::to_string(n) + big)) return;
                ++seen.sent;
                EXPECT_LE(sink.queued(), 4u);
            }
            sink.close();
        });
    }, SubscriptionOptions{4, WhenFull::wait});
    RawStream raw(server.uri());
    raw.send(R"({"jsonrpc":"2.0","id":1,"method":"big"})");
    auto answer = raw.receive(20s);
    ASSERT_TRUE(answer);
    // Unread, the producer stalls well short of the end: the queue, not memory, absorbs it.
    int last = -1;
    ASSERT_TRUE(eventually([&] {
        int now = seen.sent;
        bool stalled = now == last && now > 0;
        last = now;
        std::this_thread::sleep_for(200ms);
        return stalled;
    }));
    EXPECT_LT(seen.sent.load(), total);
    // Read again: every item comes, in order, then the end.
    for (int n = 0; n < total; ++n) {
        auto message = raw.receive(20s);
        ASSERT_TRUE(message) << n;
        auto item = json::parse(*message);
        ASSERT_EQ(item["method"], "big.item");
        ASSERT_EQ(item["params"]["item"].get<std::string>().substr(0, std::to_string(n).size()), std::to_string(n));
    }
    auto end = raw.receive(20s);
    ASSERT_TRUE(end);
    EXPECT_EQ(json::parse(*end)["method"], "big.end");
    EXPECT_EQ(seen.sent.load(), total);
}

// WhenFull::end: the first item that finds the queue full ends the subscription with an error.
TEST(Subscription, WhenFullEndCutsOffASlowReaderWithAnError) {
    TestServer server(Transport::tcp4);
    Seen seen;
    const std::string big(16 * 1024, 'x');
    Producers producers;
    add_subscription(server.dispatcher(), "big", [&](Subscription<std::string> sink) {
        sink.on_cancel([&seen] { seen.cancelled.set_value(); });
        producers.run([sink, &seen, &big] {
            for (int n = 0; n < 2000 && sink.try_send(big); ++n) ++seen.sent;
        });
    }, SubscriptionOptions{4, WhenFull::end});
    auto cancelled = seen.cancelled.get_future();
    RawStream raw(server.uri());
    raw.send(R"({"jsonrpc":"2.0","id":1,"method":"big"})");
    ASSERT_EQ(cancelled.wait_for(20s), std::future_status::ready);
    ASSERT_TRUE(raw.receive(20s));  // the id
    for (int n = 0; n < seen.sent; ++n) ASSERT_EQ(json::parse(raw.receive(20s).value())["method"], "big.item");
    auto end = json::parse(raw.receive(20s).value());
    EXPECT_EQ(end["method"], "big.end");
    EXPECT_EQ(end["params"]["error"]["code"], error_code::subscriber_too_slow);
}

// The client's buffer is bounded too: a stream nobody reads ends "lagged" and leaves.
TEST(Subscription, AStreamNobodyReadsEndsLaggedAndLeaves) {
    TestServer server(Transport::tcp4);
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    auto cancelled = seen.cancelled.get_future();
    StreamOptions small;
    small.max_buffered_items = 8;
    auto ticks = subscribe<Tick>(*client.client, "ticks", {{"count", -1}}, small);
    ASSERT_EQ(cancelled.wait_for(20s), std::future_status::ready);  // the client left
    for (std::int64_t n = 0; n < 8; ++n) ASSERT_EQ(ticks.next(), tick(n));
    try {
        ticks.next();
        FAIL() << "a lagged stream throws";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error_code::stream_lagged);
    }
}

TEST(Subscription, ItemsSentBeforeTheHandlerReturnsComeAfterTheId) {
    TestServer server(Transport::tcp4);
    add_subscription(server.dispatcher(), "three", [](Subscription<int> sink) {
        for (int n = 1; n <= 3; ++n) EXPECT_TRUE(sink.try_send(n));
        sink.close();
    });
    RawStream raw(server.uri());
    raw.send(R"({"jsonrpc":"2.0","id":7,"method":"three"})");
    auto id = json::parse(raw.receive(20s).value());
    ASSERT_TRUE(id["result"].is_string()) << id;
    for (int n = 1; n <= 3; ++n) {
        auto item = json::parse(raw.receive(20s).value());
        EXPECT_EQ(item["params"], (json{{"subscription", id["result"]}, {"item", n}}));
    }
    EXPECT_EQ(json::parse(raw.receive(20s).value())["params"], (json{{"subscription", id["result"]}}));
}

TEST(Subscription, ABadParamFailsTheCallAndStartsNothing) {
    TestServer server(Transport::tcp4);
    Seen seen;
    Producers producers;
    add_ticks(server.dispatcher(), producers, seen);
    StreamingClient client(server);
    try {
        subscribe<Tick>(*client.client, "ticks", {{"count", "many"}});
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error_code::invalid_params);
    }
}

// Both ends as coroutines: the producer waits for room with co_await, the reader with co_await.
TEST(Subscription, CoroutinesSendAndReadWithCoAwait) {
    namespace asio = boost::asio;
    asio::io_context producers_io;
    auto work = asio::make_work_guard(producers_io);
    std::thread producer_thread([&] { producers_io.run(); });
    {
        TestServer server(Transport::tcp4);
        add_subscription(server.dispatcher(), "count", {"to"}, [&](int to, Subscription<int> sink) {
            asio::co_spawn(producers_io, [sink, to]() -> asio::awaitable<void> {
                for (int n = 1; n <= to; ++n)
                    if (!co_await sink.async_send(n, asio::use_awaitable)) co_return;
                sink.close();
            }, asio::detached);
        }, SubscriptionOptions{2, WhenFull::wait});
        Dispatcher handlers;
        route_streams(handlers, "count");
        ClientOptions options;
        options.handlers = &handlers;
        auto client = server.client(options);
        auto stream = subscribe<int>(*client, "count", {{"to", 50}});
        asio::io_context reader_io;
        std::vector<int> got;
        asio::co_spawn(reader_io, [&]() -> asio::awaitable<void> {
            while (auto n = co_await stream.next(asio::use_awaitable)) got.push_back(*n);
        }, asio::detached);
        reader_io.run_for(20s);
        EXPECT_EQ(got.size(), 50u) << "first " << (got.empty() ? -1 : got.front()) << " last "
                                   << (got.empty() ? -1 : got.back());
        for (std::size_t n = 0; n < got.size(); ++n) EXPECT_EQ(got[n], static_cast<int>(n) + 1);
    }
    work.reset();
    producer_thread.join();
}

}  // namespace
}  // namespace rpcforge::test
