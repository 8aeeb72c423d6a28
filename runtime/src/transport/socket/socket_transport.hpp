#pragma once
// The top of the transport layer for sockets: listening on tcp://, tls://, unix://, http(s)://
// and ws(s):// endpoints, adopting sockets bound before a fork, and connecting to them. The one
// place that picks what runs over a socket (a framed stream, HTTP or WebSocket), so it is the
// only part of transport/ that knows every kind.

#include "transport/stream/stream_transport.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>

namespace rpcforge::detail {

/// Binds and starts accepting on `endpoint`; each connection runs on
/// settings.connection_context() or, without one, on its own strand of `io`.
/// Throws std::system_error when it cannot bind.
std::shared_ptr<Listener> listen(boost::asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                 AcceptHandler on_accept);

/// Listens on a socket bound elsewhere (by a parent process before it forked): `fd` is a
/// listening TCP or Unix socket for `endpoint`, which this listener then owns.
std::shared_ptr<Listener> adopt(boost::asio::io_context& io, const Endpoint& endpoint, int fd,
                                const StreamSettings& settings, AcceptHandler on_accept);

/// Connects to `endpoint`, driving `io` on the calling thread (the io_context must not be
/// running elsewhere yet). Throws ConnectionError on failure or after `timeout`.
std::shared_ptr<Connection> connect(boost::asio::io_context& io, const Endpoint& endpoint,
                                    const StreamSettings& settings, std::chrono::milliseconds timeout);

}  // namespace rpcforge::detail
