#pragma once
// JSON-RPC over one end of a Unix socketpair, newline-framed: how a server and its worker
// processes talk.

#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/limits.hpp>

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

namespace rpcforge::detail {

/// A connection over the connected Unix socket `socket`, which it adopts.
std::shared_ptr<Connection> connection_over_socket(boost::asio::io_context& io, int socket, const Limits& limits,
                                                   std::string remote_address);

/// A worker process's main loop: serves `dispatcher` over `socket`, one call at a time on this
/// thread, until the other side closes.
void serve_over_socket(const Dispatcher& dispatcher, int socket, const Limits& limits);

}  // namespace rpcforge::detail
