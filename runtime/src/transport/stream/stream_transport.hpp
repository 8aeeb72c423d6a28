#pragma once
// What the transports share: listeners, the settings their connections are made with, and the
// helpers of a blocking connect. Which transport serves an endpoint is picked above them all, in
// transport/socket/socket_transport.hpp (and transport/stdio/stdio_transport.hpp for stdio:).

#include <rpcforge/connection.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/http.hpp>
#include <rpcforge/limits.hpp>

#include "transport/stream/timeouts.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace rpcforge {
class Authentication;
}

namespace rpcforge::detail {

struct HttpSite;

/// An open listening socket. Closing it stops accepting; connections made stay open.
class Listener {
public:
    virtual ~Listener() = default;
    /// The URI actually bound (the port chosen for port 0).
    virtual std::string uri() const = 0;
    virtual void close() = 0;
};

using AcceptHandler = std::function<void(std::shared_ptr<Connection>)>;

/// What connections of a listener or a client are made with.
struct StreamSettings {
    Limits limits;
    /// Required for TLS endpoints (tls://); the caller keeps it alive as long as the connections.
    std::shared_ptr<boost::asio::ssl::context> tls;
    /// Server side: a TLS handshake not done by then drops the connection.
    std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
    /// Server side of HTTP endpoints: what the server answers besides the endpoint's path.
    std::shared_ptr<const HttpSite> http_site;
    /// Client side of HTTP endpoints.
    HttpClientOptions http_client;
    /// Server side: the idle and read deadlines of every connection (stdio's have none).
    StreamTimeouts timeouts;
    /// Server side: who may connect; null lets everyone in.
    std::shared_ptr<const Authentication> authentication;
    /// Server side: the io_context each accepted connection runs on, for its whole life (the
    /// listener's own when empty or when it returns null). Server io_contexts are each run by
    /// one thread, so a connection needs no strand: its handlers cannot run concurrently.
    std::function<boost::asio::io_context*()> connection_context;
};

/// Runs `io` on this thread until `done` or the timeout; false on timeout.
bool run_until(boost::asio::io_context& io, const bool& done, std::chrono::milliseconds timeout);

[[noreturn]] void connect_failed(const Endpoint& endpoint, const std::string& why);

/// The text of an address: "SCHEME://1.2.3.4:5" or "SCHEME://[::1]:5".
std::string describe(const std::string& scheme, const boost::asio::ip::address& address, std::uint16_t port);

}  // namespace rpcforge::detail
