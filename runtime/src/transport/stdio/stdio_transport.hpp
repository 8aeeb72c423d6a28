#pragma once
// stdio: a server's one connection over its own stdin and stdout, and a client's over a child
// process's pipes.

#include "transport/stream/stream_transport.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>

namespace rpcforge::detail {

class ChildProcess;

/// Serves the process's own stdin and stdout as one connection (endpoint stdio:), handed to
/// `on_accept` once `io` runs. From then on fd 1 is stderr and fd 0 /dev/null for everyone else.
std::shared_ptr<Listener> listen_stdio(boost::asio::io_context& io, const Endpoint& endpoint,
                                       const StreamSettings& settings, AcceptHandler on_accept);

/// A connection over the pipes of `child` (which keeps its pid and reaps it).
std::shared_ptr<Connection> connect_child(boost::asio::io_context& io, ChildProcess& child, const Endpoint& endpoint,
                                          const StreamSettings& settings);

}  // namespace rpcforge::detail
