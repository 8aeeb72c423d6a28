// The gateway example held to the promise: with one handler thread, 100 gateway calls at
// once, whose two backends each take 200 ms, all complete well under 2 seconds, because no
// coroutine holds the thread while it waits. Over real TCP, with generated code from both
// frontends (OpenRPC and a C++ header).

#include "backends.hpp"
#include "gateway_client.hpp"
#include "gateway_service.hpp"
#include "local_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;


/// The two backends and the gateway, each server with one handler thread.
class GatewayTest : public ::testing::Test {
protected:
    gateway_example::SlowPrices prices{200ms};
    gateway_example::SlowRatings ratings{200ms};
    gateway_example::LocalServer prices_server{prices::bind(prices), 1};
    gateway_example::LocalServer ratings_server{ratings_rpc::bind(ratings), 1};
    gateway_example::Gateway gateway{prices_server.uri(), ratings_server.uri()};
    gateway_example::LocalServer gateway_server{gateway::bind(gateway), 1};
    rpcforge::Client connection{gateway_server.uri()};
    gateway::GatewayClient client{connection};
};

TEST_F(GatewayTest, CombinesBothBackendsAnswers) {
    auto quote = client.quote("ACME");
    EXPECT_EQ(quote.symbol, "ACME");
    EXPECT_GT(quote.cents, 0);
    EXPECT_TRUE(quote.rating == "buy" || quote.rating == "hold" || quote.rating == "sell") << quote.rating;
}

TEST_F(GatewayTest, AHundredCallsOnOneHandlerThreadTakeAboutOneBackendDelay) {
    asio::io_context io;
    int answered = 0;
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i)
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                auto quote = co_await client.quote_async("S" + std::to_string(i), asio::use_awaitable);
                if (quote.symbol == "S" + std::to_string(i)) ++answered;
            },
            asio::detached);
    io.run();
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(answered, 100);
    // One after another they would take 100 x 400 ms; side by side, about 200 ms.
    EXPECT_LT(took, 2s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
}

TEST_F(GatewayTest, ABackendsDeclaredErrorIsTheGatewaysAnswer) {
    try {
        client.quote("");
        FAIL() << "no error";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), prices::UnknownSymbol::error_code);
    }
}

TEST_F(GatewayTest, ATokenCallRethrowsADeclaredErrorAsItsClass) {
    // The generated token form maps error codes the method declares to their classes, as the
    // blocking form does.
    rpcforge::Client connection_to_prices(prices_server.uri());
    prices::PricesClient prices_client(connection_to_prices);
    asio::io_context io;
    auto outcome = asio::co_spawn(
        io,
        [&]() -> asio::awaitable<std::string> {
            try {
                co_await prices_client.price_async("", asio::use_awaitable);
                co_return "no error";
            } catch (const prices::UnknownSymbol& e) {
                co_return std::string("UnknownSymbol: ") + e.what();
            }
        },
        asio::use_future);
    io.run();
    EXPECT_EQ(outcome.get(), "UnknownSymbol: no stock has an empty symbol");
}

TEST_F(GatewayTest, TheCppInterfacesClientIsACoroutineToo) {
    // RatingsService is the user's C++ interface; its generated client implements it, and its
    // rating() is a coroutine that co_awaits the remote call.
    rpcforge::Client connection_to_ratings(ratings_server.uri());
    ratings_rpc::RatingsServiceClient remote(connection_to_ratings);
    ratings::RatingsService& service = remote;
    asio::io_context io;
    auto rating = asio::co_spawn(io, service.rating("ACME"), asio::use_future);
    io.run();
    EXPECT_EQ(rating.get(), client.quote("ACME").rating);
}

}  // namespace
