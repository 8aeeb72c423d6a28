// Subscriptions through the real generator: x-rpcforge-subscription (ticker.openrpc.json) and
// RPCFORGE_SUBSCRIPTION (clock_service.hpp). The generated interface takes a trailing
// rpcforge::Subscription<Item>, the generated client returns an rpcforge::Stream<Item>, and the
// two talk over real sockets; the client of the C++ interface also serves it, as a gateway.

#include "clock_client.hpp"
#include "clock_server.hpp"
#include "ticker_client.hpp"
#include "ticker_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace {

/// Sends `count` ticks from a thread of its own, then ends; the threads are joined on destruction.
class TickerService final : public ticker::Ticker {
public:
    ~TickerService() override {
        for (auto& thread : producers_) thread.join();
    }

    void ticks(std::int64_t count, const std::optional<std::string>& label,
               rpcforge::Subscription<ticker::Tick> sink) override {
        sink.on_cancel([this] { cancelled.set_value(); });
        std::lock_guard lock(mutex_);
        producers_.emplace_back([sink, count, label = label.value_or("tick")] {
            for (std::int64_t n = 0; n < count || count < 0; ++n)
                if (!sink.send(ticker::Tick{n, label})) return;
            sink.close();
        });
    }
    std::int64_t now() override { return 42; }

    std::promise<void> cancelled;

private:
    std::mutex mutex_;
    std::vector<std::thread> producers_;
};

class GeneratedSubscription : public ::testing::TestWithParam<std::string> {};

TEST_P(GeneratedSubscription, TheGeneratedStreamIsTypedAndEnds) {
    TickerService service;
    rpcforge::Dispatcher dispatcher;
    ticker::bind(service).add_to(dispatcher);
    rpcforge::Server server(dispatcher);
    auto uri = server.listen(GetParam());
    server.start();
    rpcforge::Dispatcher handlers;
    ticker::TickerClient::route_streams(handlers);
    rpcforge::ClientOptions options;
    options.handlers = &handlers;
    rpcforge::Client connection(uri, options);
    ticker::TickerClient client(connection);
    {
        rpcforge::Stream<ticker::Tick> ticks = client.ticks(100, "t");
        for (std::int64_t n = 0; n < 100; ++n) {
            auto tick = ticks.next();
            ASSERT_TRUE(tick);
            EXPECT_EQ(tick->n, n);
            EXPECT_EQ(tick->label, "t");
        }
        EXPECT_FALSE(ticks.next());
    }
    EXPECT_EQ(client.now(), 42);
    {
        auto cancelled = service.cancelled.get_future();
        auto endless = client.ticks(-1);
        EXPECT_EQ(endless.next()->label, "tick");
        endless.unsubscribe();
        EXPECT_EQ(cancelled.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    }
    server.stop();
}

INSTANTIATE_TEST_SUITE_P(Subscription, GeneratedSubscription,
                         ::testing::Values("tcp://127.0.0.1:0", "ws://127.0.0.1:0/rpc"),
                         [](const auto& info) { return info.index == 0 ? std::string("tcp") : std::string("ws"); });

/// The clock the C++ header declares: `count` seconds from a thread, then the end.
class ClockService final : public clock_app::Clock {
public:
    ~ClockService() override {
        for (auto& thread : producers_) thread.join();
    }
    void seconds(std::int64_t count, const std::string& zone, rpcforge::Subscription<clock_app::Second> sink) override {
        std::lock_guard lock(mutex_);
        producers_.emplace_back([sink, count, zone] {
            for (std::int64_t n = 0; n < count; ++n)
                if (!sink.send(clock_app::Second{n, zone})) return;
            sink.close();
        });
    }
    std::int64_t now() override { return 7; }

private:
    std::mutex mutex_;
    std::vector<std::thread> producers_;
};

/// A server of `service` on tcp, and a client of it whose handlers route the clock's streams.
struct ClockEnd {
    explicit ClockEnd(clock_app::Clock& service) : server(dispatcher) {
        clock_rpc::bind(service).add_to(dispatcher);
        uri = server.listen("tcp://127.0.0.1:0");
        server.start();
        clock_rpc::ClockClient::route_streams(handlers);
        options.handlers = &handlers;
    }
    rpcforge::Dispatcher dispatcher;
    rpcforge::Server server;
    std::string uri;
    rpcforge::Dispatcher handlers;
    rpcforge::ClientOptions options;
};

TEST(GeneratedSubscriptionFromCpp, TheStreamAndTheGatewayThatForwardsIt) {
    ClockService origin;
    ClockEnd origin_end(origin);
    rpcforge::Client to_origin(origin_end.uri, origin_end.options);
    clock_rpc::ClockClient origin_client(to_origin);
    {
        auto seconds = origin_client.seconds(5, "UTC");
        for (std::int64_t n = 0; n < 5; ++n) EXPECT_EQ(seconds.next()->n, n);
        EXPECT_FALSE(seconds.next());
    }
    // The client implements the interface: a server of it forwards the origin's stream.
    ClockEnd gateway(origin_client);
    {
        rpcforge::Client to_gateway(gateway.uri, gateway.options);
        clock_rpc::ClockClient gateway_client(to_gateway);
        {
            auto seconds = gateway_client.seconds(50, "CET");
            for (std::int64_t n = 0; n < 50; ++n) {
                auto second = seconds.next();
                ASSERT_TRUE(second);
                EXPECT_EQ(second->n, n);
                EXPECT_EQ(second->zone, "CET");
            }
            EXPECT_FALSE(seconds.next());
        }
        EXPECT_EQ(gateway_client.now(), 7);
    }
    gateway.server.stop();
    origin_end.server.stop();
}

}  // namespace
