#pragma once
// The gateway: one call that asks both backends at once, with co_await, and combines their
// answers. The coroutine holds no thread while the backends work, so a gateway with a single
// handler thread serves many callers at the same time.

#include "gateway_server.hpp"
#include "prices_client.hpp"
#include "ratings_client.hpp"

#include <rpcforge/client.hpp>

#include <string>

namespace gateway_example {

class Gateway final : public gateway::Gateway {
public:
    /// Connects to the two backends (any URIs: tcp://, unix://, tls://, ws://).
    Gateway(const std::string& prices_uri, const std::string& ratings_uri);

    boost::asio::awaitable<gateway::Quote> quote(std::string symbol) override;

private:
    rpcforge::Client prices_connection_;
    rpcforge::Client ratings_connection_;
    prices::PricesClient prices_;
    ratings_rpc::RatingsServiceClient ratings_;
};

}  // namespace gateway_example
