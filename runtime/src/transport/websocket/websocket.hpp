#pragma once
// JSON-RPC over WebSocket: the server and client sides of one connection, over TCP or TLS.
// Beast stays inside websocket.cpp.

#include "transport/stream/stream_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>

namespace rpcforge::detail {

/// Reads the upgrade request of a ws:// or wss:// endpoint and hands the connection to
/// `on_accept` once the WebSocket handshake is done; refuses other paths (404) and plain HTTP
/// (426), and drops a client that takes longer than settings.handshake_timeout.
void accept_websocket(boost::asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info,
                      const Endpoint& endpoint, const StreamSettings& settings, AcceptHandler on_accept);
void accept_websocket(TlsStream stream, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                      const StreamSettings& settings, AcceptHandler on_accept);

/// Runs the client's WebSocket handshake, driving `io` as connect() does.
std::shared_ptr<Connection> connect_websocket(boost::asio::io_context& io, boost::asio::ip::tcp::socket socket,
                                              std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                              const StreamSettings& settings, std::chrono::milliseconds timeout);
std::shared_ptr<Connection> connect_websocket(boost::asio::io_context& io, TlsStream stream,
                                              std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                              const StreamSettings& settings, std::chrono::milliseconds timeout);

}  // namespace rpcforge::detail
