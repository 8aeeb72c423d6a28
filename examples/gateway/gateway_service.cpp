#include "gateway_service.hpp"

#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gateway_example {

namespace asio = boost::asio;

Gateway::Gateway(const std::string& prices_uri, const std::string& ratings_uri)
    : prices_connection_(prices_uri),
      ratings_connection_(ratings_uri),
      prices_(prices_connection_),
      ratings_(ratings_connection_) {}

asio::awaitable<gateway::Quote> Gateway::quote(std::string symbol) {
    // Both calls go out now and are awaited together: the answer takes as long as the slower
    // backend, not the two one after the other. If one fails, the other is cancelled, and this
    // call fails as the first one did (a declared error such as prices::UnknownSymbol included).
    auto [order, price_failure, cents, rating_failure, rating] =
        co_await asio::experimental::make_parallel_group(prices_.price_async(symbol, asio::deferred),
                                                         ratings_.rating_async(symbol, asio::deferred))
            .async_wait(asio::experimental::wait_for_one_error(), asio::use_awaitable);
    // (Not `a && b` of awaitable_operators: when both fail, the cancelled one included, it
    // throws asio::multiple_exceptions holding the first operand's error, not the first error.)
    auto first_failure = order[0] == 0 ? price_failure : rating_failure;
    if (first_failure) std::rethrow_exception(first_failure);
    if (price_failure) std::rethrow_exception(price_failure);  // failed after the other succeeded
    if (rating_failure) std::rethrow_exception(rating_failure);
    co_return gateway::Quote{symbol, cents, rating};
}

}  // namespace gateway_example
