#include "gateway_service.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gateway_example {

namespace asio = boost::asio;

Gateway::Gateway(const std::string& prices_uri, const std::string& ratings_uri)
    : prices_connection_(prices_uri),
      ratings_connection_(ratings_uri),
      prices_(prices_connection_),
      ratings_(ratings_connection_) {}

asio::awaitable<gateway::Quote> Gateway::quote(std::string symbol) {
    using namespace asio::experimental::awaitable_operators;
    // Both calls go out now and are awaited together: the answer takes as long as the slower
    // backend, not the two one after the other. If one fails, the other is cancelled and the
    // failure (a declared error such as prices::UnknownSymbol included) is this call's answer.
    auto [cents, rating] =
        co_await (prices_.price_async(symbol, asio::use_awaitable) && ratings_.rating(symbol));
    co_return gateway::Quote{symbol, cents, rating};
}

}  // namespace gateway_example
