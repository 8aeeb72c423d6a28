#pragma once
// Dialling a TCP endpoint (and TLS over it) without blocking. connect() drives it on the
// caller's thread; an HTTP client also dials again from its own I/O thread, with the same
// endpoint and settings, when the server has closed the connection it had.

#include "transport/stream/stream_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace rpcforge::detail {

/// Called once, on `executor`: the connected socket, or nothing and why not.
template <class Socket>
using Dialled = std::function<void(std::optional<Socket> socket, const std::string& error)>;

/// Resolves, connects (and for TLS endpoints runs the handshake with settings.tls, checking
/// the server's name as connect() does), all within `timeout`. The socket runs on `executor`.
void dial(boost::asio::any_io_executor executor, const Endpoint& endpoint, const StreamSettings& settings,
          std::chrono::milliseconds timeout, Dialled<boost::asio::ip::tcp::socket> done);
void dial(boost::asio::any_io_executor executor, const Endpoint& endpoint, const StreamSettings& settings,
          std::chrono::milliseconds timeout, Dialled<TlsStream> done);

}  // namespace rpcforge::detail
