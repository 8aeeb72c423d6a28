// x-rpcforge-subscription through the real generator (ticker.openrpc.json): the generated
// interface takes a trailing rpcforge::Subscription<Tick>, the generated client returns an
// rpcforge::Stream<Tick>, and the two talk over real sockets.

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

}  // namespace
