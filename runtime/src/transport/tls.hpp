#pragma once
// TLS: contexts from the options, handshakes on both sides, and what a handshake tells.

#include <rpcforge/tls.hpp>

#include "transport/stream_transport.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <functional>
#include <memory>
#include <string>

namespace rpcforge::detail {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

/// Makes the connection that runs over a stream whose handshake is done. `info` names the
/// transport as the endpoint's scheme and carries the verified peer's subject.
using TlsConnectionMaker = std::function<std::shared_ptr<Connection>(TlsStream, std::shared_ptr<ConnectionInfo> info)>;

/// Throws std::invalid_argument naming the file that cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_server_tls(const TlsServerOptions& options);
std::shared_ptr<boost::asio::ssl::context> make_client_tls(const TlsClientOptions& options);

/// The verified peer certificate's subject as an RFC 2253 name ("CN=alice,O=Example"),
/// or "" when the peer presented none or it was not verified.
std::string verified_peer_subject(SSL* ssl);

/// Runs the server side of the handshake on an accepted socket; a connection that completes
/// it within settings.handshake_timeout is made by `make` and goes to `on_accept`; any other
/// is dropped.
void accept_tls(boost::asio::ip::tcp::socket socket, const StreamSettings& settings, std::string scheme,
                TlsConnectionMaker make, AcceptHandler on_accept);

/// Runs the client side of the handshake on a connected socket, driving `io` as connect() does.
/// Throws ConnectionError when it fails (a refused or unverifiable certificate) or times out.
std::shared_ptr<Connection> connect_tls(boost::asio::io_context& io, boost::asio::ip::tcp::socket socket,
                                        const Endpoint& endpoint, const StreamSettings& settings,
                                        std::chrono::milliseconds timeout, const TlsConnectionMaker& make);

}  // namespace rpcforge::detail
