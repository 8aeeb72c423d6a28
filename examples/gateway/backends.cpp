#include "backends.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <numeric>

namespace gateway_example {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> wait(std::chrono::milliseconds delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
}

/// A number made from the symbol, so that answers differ and can be checked.
std::int64_t digest(const std::string& symbol) {
    return std::accumulate(symbol.begin(), symbol.end(), std::int64_t{0},
                           [](std::int64_t sum, char c) { return sum * 31 + static_cast<unsigned char>(c); });
}

}  // namespace

asio::awaitable<std::int64_t> SlowPrices::price(std::string symbol) {
    co_await wait(delay_);
    if (symbol.empty()) throw prices::UnknownSymbol("no stock has an empty symbol");
    co_return 100 + digest(symbol) % 100000;
}

asio::awaitable<std::string> SlowRatings::rating(std::string symbol) {
    co_await wait(delay_);
    static const char* const ratings[] = {"buy", "hold", "sell"};
    co_return ratings[digest(symbol) % 3];
}

}  // namespace gateway_example
