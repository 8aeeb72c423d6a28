#pragma once
// JSON-RPC over HTTP/1.1: the server and client sides of one connection, over TCP or TLS.
// Beast stays inside the .cpp files.

#include "transport/stream/stream_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace rpcforge::detail {

/// Serves the endpoint's path with the peer's dispatcher, and settings.http_site's services
/// and routes beside it.
std::shared_ptr<Connection> make_http_server(boost::asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings);
std::shared_ptr<Connection> make_http_server(TlsStream stream, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings);

/// POSTs each message sent to the endpoint's path, one request at a time; what a response
/// carries is the message received. Starts on the connected `socket`, and dials the endpoint
/// again (within `connect_timeout`) when the server has closed it.
std::shared_ptr<Connection> make_http_client(boost::asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings,
                                             std::chrono::milliseconds connect_timeout);
std::shared_ptr<Connection> make_http_client(TlsStream stream, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings,
                                             std::chrono::milliseconds connect_timeout);

}  // namespace rpcforge::detail
