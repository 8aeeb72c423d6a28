#pragma once
// A backend of the gateway example, declared as a C++ interface (add_rpc_service ... HEADER):
// its one method is a coroutine, so the generated server runs it without holding a thread
// while it waits, and the generated client overrides it with one that co_awaits the call.

#include <rpcforge/annotations.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>

namespace ratings {

class RPCFORGE_SERVICE RatingsService {
public:
    virtual ~RatingsService() = default;

    /// What analysts say of a stock: "buy", "hold" or "sell".
    RPCFORGE_METHOD RPCFORGE_IDEMPOTENT virtual boost::asio::awaitable<std::string> rating(std::string symbol) = 0;
};

}  // namespace ratings
