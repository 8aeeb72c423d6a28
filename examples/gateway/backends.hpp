#pragma once
// The gateway example's two backends. Each answers after `delay`, waiting on a timer: a stand-in
// for a slow store that, being a coroutine, holds no thread while it waits.

#include "prices_server.hpp"
#include "ratings_server.hpp"

#include <chrono>

namespace gateway_example {

class SlowPrices final : public prices::Prices {
public:
    explicit SlowPrices(std::chrono::milliseconds delay) : delay_(delay) {}
    boost::asio::awaitable<std::int64_t> price(std::string symbol) override;

private:
    std::chrono::milliseconds delay_;
};

class SlowRatings final : public ratings::RatingsService {
public:
    explicit SlowRatings(std::chrono::milliseconds delay) : delay_(delay) {}
    boost::asio::awaitable<std::string> rating(std::string symbol) override;

private:
    std::chrono::milliseconds delay_;
};

}  // namespace gateway_example
