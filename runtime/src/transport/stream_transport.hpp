#pragma once
// Opening stream connections: listening for them (server) and connecting (client).

#include <rpcforge/connection.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/limits.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace rpcforge::detail {

/// An open listening socket. Closing it stops accepting; connections made stay open.
class Listener {
public:
    virtual ~Listener() = default;
    /// The URI actually bound (the port chosen for port 0).
    virtual std::string uri() const = 0;
    virtual void close() = 0;
};

using AcceptHandler = std::function<void(std::shared_ptr<Connection>)>;

/// Binds and starts accepting on `endpoint`; each connection gets its own strand of `io`.
/// Throws std::system_error when it cannot bind.
std::shared_ptr<Listener> listen(boost::asio::io_context& io, const Endpoint& endpoint,
                                 const Limits& limits, AcceptHandler on_accept);

/// Connects to `endpoint`, driving `io` on the calling thread (the io_context must not be
/// running elsewhere yet). Throws ConnectionError on failure or after `timeout`.
std::shared_ptr<Connection> connect(boost::asio::io_context& io, const Endpoint& endpoint,
                                    const Limits& limits, std::chrono::milliseconds timeout);

}  // namespace rpcforge::detail
