#pragma once
// TLS: contexts from the options, handshakes on both sides, and what a handshake tells.

#include <rpcforge/tls.hpp>

#include "transport/stream/stream_transport.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::detail {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

/// The server side's: sets up what runs over the stream, and hands the connection on when ready.
using TlsHandOver = std::function<void(TlsStream, std::shared_ptr<ConnectionInfo> info)>;

/// Throws std::invalid_argument naming the file that cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_server_tls(const TlsServerOptions& options);
std::shared_ptr<boost::asio::ssl::context> make_client_tls(const TlsClientOptions& options);

/// The verified peer certificate's subject as an RFC 2253 name ("CN=alice,O=Example"),
/// or "" when the peer presented none or it was not verified.
std::string verified_peer_subject(SSL* ssl);
/// The subject alternative names of that verified certificate ("DNS:host", "email:a@b", ...).
std::vector<std::string> verified_peer_names(SSL* ssl);

/// Runs the server side of the handshake on an accepted socket; a stream that completes it
/// within settings.handshake_timeout goes to `hand_over`; any other is dropped.
void accept_tls(boost::asio::ip::tcp::socket socket, const StreamSettings& settings, std::string scheme,
                TlsHandOver hand_over);

/// A client's TLS stream over a connected socket, set to send the endpoint's host name (SNI)
/// and to check that the server's certificate carries it.
TlsStream client_tls_stream(boost::asio::ip::tcp::socket socket, const Endpoint& endpoint,
                            boost::asio::ssl::context& context);

/// What a finished handshake tells of a connection: `scheme` as its transport, `remote` as
/// where it goes, and the verified peer's subject.
std::shared_ptr<ConnectionInfo> tls_connection_info(TlsStream& stream, std::string scheme, std::string remote);

}  // namespace rpcforge::detail
