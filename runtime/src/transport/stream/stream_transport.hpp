#pragma once
// Opening stream connections: listening for them (server) and connecting (client).

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
    /// Server side of stream endpoints (tcp, unix, tls).
    StreamTimeouts timeouts;
    /// Server side: who may connect; null lets everyone in.
    std::shared_ptr<const Authentication> authentication;
    /// Server side: the io_context each accepted connection runs on, for its whole life (the
    /// listener's own when empty or when it returns null). Server io_contexts are each run by
    /// one thread, so a connection needs no strand: its handlers cannot run concurrently.
    std::function<boost::asio::io_context*()> connection_context;
};

class ChildProcess;

/// Binds and starts accepting on `endpoint`; each connection runs on
/// settings.connection_context() or, without one, on its own strand of `io`.
/// Throws std::system_error when it cannot bind.
std::shared_ptr<Listener> listen(boost::asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                 AcceptHandler on_accept);

/// Serves the process's own stdin and stdout as one connection (endpoint stdio:), handed to
/// `on_accept` once `io` runs. From then on fd 1 is stderr and fd 0 /dev/null for everyone else.
std::shared_ptr<Listener> listen_stdio(boost::asio::io_context& io, const Endpoint& endpoint,
                                       const StreamSettings& settings, AcceptHandler on_accept);

/// Listens on a socket bound elsewhere (by a parent process before it forked): `fd` is a
/// listening TCP or Unix socket for `endpoint`, which this listener then owns.
std::shared_ptr<Listener> adopt(boost::asio::io_context& io, const Endpoint& endpoint, int fd,
                                const StreamSettings& settings, AcceptHandler on_accept);

/// A connection over the pipes of `child` (which keeps its pid and reaps it).
std::shared_ptr<Connection> connect_child(boost::asio::io_context& io, ChildProcess& child, const Endpoint& endpoint,
                                          const StreamSettings& settings);

/// Connects to `endpoint`, driving `io` on the calling thread (the io_context must not be
/// running elsewhere yet). Throws ConnectionError on failure or after `timeout`.
std::shared_ptr<Connection> connect(boost::asio::io_context& io, const Endpoint& endpoint,
                                    const StreamSettings& settings, std::chrono::milliseconds timeout);

/// Runs `io` on this thread until `done` or the timeout; false on timeout.
bool run_until(boost::asio::io_context& io, const bool& done, std::chrono::milliseconds timeout);

[[noreturn]] void connect_failed(const Endpoint& endpoint, const std::string& why);

/// The text of an address: "SCHEME://1.2.3.4:5" or "SCHEME://[::1]:5".
std::string describe(const std::string& scheme, const boost::asio::ip::address& address, std::uint16_t port);

}  // namespace rpcforge::detail
