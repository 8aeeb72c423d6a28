#include "transport/socket/socket_transport.hpp"

#include "auth/connection_gate.hpp"
#include "transport/http/http_connections.hpp"
#include "transport/stream/stream_connection.hpp"
#include "transport/tls/dial.hpp"
#include "transport/tls/tls.hpp"
#include "transport/websocket/websocket.hpp"

#include <rpcforge/error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>

#include <cerrno>
#include <filesystem>
#include <sys/socket.h>
#include <mutex>
#include <optional>
#include <system_error>

namespace rpcforge::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using unix_socket = asio::local::stream_protocol;

namespace {

template <class Socket>
std::shared_ptr<Connection> make_stream(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                        const Limits& limits, StreamTimeouts timeouts = {}) {
    return std::make_shared<StreamConnection<Socket>>(std::move(socket),
                                                      make_framer(endpoint.framing, limits.max_message_bytes),
                                                      std::move(info), limits.max_queued_write_bytes, timeouts);
}

/// What runs over a connected socket (TLS already under it) on the server side, which hands
/// the connection to `on_accept` once ready. With open() below, the one place that picks.
template <class Socket>
void serve(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint, const StreamSettings& settings,
           const AcceptHandler& on_accept) {
    if constexpr (!std::is_same_v<Socket, unix_socket::socket>) {  // HTTP over Unix sockets is not offered
        if (endpoint.is_websocket()) return accept_websocket(std::move(socket), std::move(info), endpoint, settings, on_accept);
        if (endpoint.is_http()) return on_accept(make_http_server(std::move(socket), std::move(info), endpoint, settings));
    }
    // HTTP authenticates each request and WebSocket its upgrade; a stream has only what the
    // connection itself proves (certificate, peer uid), so it is decided once, here.
    if (settings.authentication) authenticate_connection(*settings.authentication, *info);
    on_accept(make_stream(std::move(socket), std::move(info), endpoint, settings.limits, settings.timeouts));
}

/// The client side's: handshakes above TLS drive `io` as connect() does.
template <class Socket>
std::shared_ptr<Connection> open(asio::io_context& io, Socket socket, std::shared_ptr<ConnectionInfo> info,
                                 const Endpoint& endpoint, const StreamSettings& settings,
                                 std::chrono::milliseconds timeout) {
    if constexpr (!std::is_same_v<Socket, unix_socket::socket>) {
        if (endpoint.is_websocket())
            return connect_websocket(io, std::move(socket), std::move(info), endpoint, settings, timeout);
        if (endpoint.is_http()) return make_http_client(std::move(socket), std::move(info), endpoint, settings, timeout);
    }
    return make_stream(std::move(socket), std::move(info), endpoint, settings.limits);
}

/// Who is on the other end of a connected Unix socket, as the kernel recorded it at connect().
std::optional<UnixPeerCredentials> peer_credentials(int fd) {
    ucred credentials{};
    socklen_t size = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return std::nullopt;
    return UnixPeerCredentials{credentials.pid, credentials.uid, credentials.gid};
}

std::shared_ptr<ConnectionInfo> info_of(std::string transport, std::string remote) {
    auto info = std::make_shared<ConnectionInfo>();
    info->transport = std::move(transport);
    info->remote_address = std::move(remote);
    return info;
}

const char* scheme_of(const Endpoint& endpoint) {
    if (endpoint.is_http()) return endpoint.is_tls() ? "https" : "http";
    if (endpoint.is_websocket()) return endpoint.is_tls() ? "wss" : "ws";
    return endpoint.is_tls() ? "tls" : "tcp";
}

template <class Protocol>
class AcceptLoop final : public Listener, public std::enable_shared_from_this<AcceptLoop<Protocol>> {
public:
    AcceptLoop(asio::io_context& io, typename Protocol::acceptor acceptor, Endpoint endpoint,
               const StreamSettings& settings, AcceptHandler on_accept)
        : io_(io), acceptor_(std::move(acceptor)), endpoint_(std::move(endpoint)), settings_(settings),
          on_accept_(std::move(on_accept)) {}

    void start() {
        std::lock_guard lock(mutex_);
        do_accept();
    }
    std::string uri() const override { return endpoint_.to_uri(); }
    /// A Unix socket's file goes with the listener that bound it, not with one that adopted it.
    bool owns_socket_file = true;

    // Closes at once, from any thread: stop() must see the port refused when it returns.
    void close() override {
        std::lock_guard lock(mutex_);
        if (!acceptor_.is_open()) return;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        if constexpr (std::is_same_v<Protocol, unix_socket>) {
            if (!owns_socket_file) return;
            std::error_code also_ignored;
            std::filesystem::remove(endpoint_.path, also_ignored);
        }
    }

private:
    // Called with mutex_ held. The handler lets go of it before handing the connection on:
    // the server's accept takes the server's lock, which stop() holds while closing us.
    void do_accept() {
        asio::io_context* context = settings_.connection_context ? settings_.connection_context() : nullptr;
        // A strand of a type-erased executor does not fit in any_io_executor's small buffer:
        // every copy of it would allocate. So the executor is the io_context's own, or a strand
        // of it.
        asio::any_io_executor executor = context ? asio::any_io_executor(context->get_executor())
                                                 : asio::any_io_executor(asio::make_strand(io_));
        acceptor_.async_accept(executor, [self = this->shared_from_this()](
                                                           boost::system::error_code ec, typename Protocol::socket socket) {
            if (ec == asio::error::operation_aborted || !self->is_open()) return;
            if (!ec) self->hand_over(std::move(socket));
            // Errors such as running out of descriptors hit one accept, not the listener.
            std::lock_guard lock(self->mutex_);
            if (self->acceptor_.is_open()) self->do_accept();
        });
    }

    void hand_over(typename Protocol::socket socket) {
        if constexpr (std::is_same_v<Protocol, tcp>) {
            boost::system::error_code ec;
            socket.set_option(tcp::no_delay(true), ec);
            std::string scheme = scheme_of(endpoint_);
            if (endpoint_.is_tls()) {
                auto hand_over = [endpoint = endpoint_, settings = settings_, on_accept = on_accept_](
                                     TlsStream stream, std::shared_ptr<ConnectionInfo> info) {
                    serve(std::move(stream), std::move(info), endpoint, settings, on_accept);
                };
                return accept_tls(std::move(socket), settings_, scheme, std::move(hand_over));
            }
            auto remote = socket.remote_endpoint(ec);
            auto name = ec ? scheme + "://?" : describe(scheme, remote.address(), remote.port());
            serve(std::move(socket), info_of(scheme, std::move(name)), endpoint_, settings_, on_accept_);
        } else {
            auto info = info_of("unix", "unix:");
            info->unix_peer = peer_credentials(socket.native_handle());
            serve(std::move(socket), std::move(info), endpoint_, settings_, on_accept_);
        }
    }

    bool is_open() {
        std::lock_guard lock(mutex_);
        return acceptor_.is_open();
    }

    asio::io_context& io_;
    std::mutex mutex_;  // the acceptor is used from the I/O thread and from close()
    typename Protocol::acceptor acceptor_;
    Endpoint endpoint_;
    StreamSettings settings_;
    AcceptHandler on_accept_;
};

[[noreturn]] void bind_failed(const Endpoint& endpoint, const boost::system::error_code& ec) {
    throw std::system_error(ec, "cannot listen on " + endpoint.to_uri());
}

template <class Protocol>
std::shared_ptr<Listener> serve_acceptor(asio::io_context& io, typename Protocol::acceptor acceptor, Endpoint endpoint,
                                         const StreamSettings& settings, AcceptHandler on_accept) {
    if constexpr (std::is_same_v<Protocol, tcp>) endpoint.port = acceptor.local_endpoint().port();
    auto loop = std::make_shared<AcceptLoop<Protocol>>(io, std::move(acceptor), std::move(endpoint), settings,
                                                       std::move(on_accept));
    loop->start();
    return loop;
}

std::shared_ptr<Listener> listen_tcp(asio::io_context& io, Endpoint endpoint, const StreamSettings& settings,
                                     AcceptHandler on_accept) {
    boost::system::error_code ec;
    auto resolved = tcp::resolver(io).resolve(endpoint.host, std::to_string(endpoint.port), tcp::resolver::passive, ec);
    if (ec || resolved.empty()) bind_failed(endpoint, ec);
    tcp::acceptor acceptor(io);
    tcp::endpoint local = resolved.begin()->endpoint();
    acceptor.open(local.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(local, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) bind_failed(endpoint, ec);
    return serve_acceptor<tcp>(io, std::move(acceptor), std::move(endpoint), settings, std::move(on_accept));
}

/// A socket file left by a server that is gone is replaced; one that answers is in use.
void remove_stale_socket(asio::io_context& io, const std::string& path) {
    if (!std::filesystem::is_socket(path)) return;
    unix_socket::socket probe(io);
    boost::system::error_code ec;
    probe.connect(unix_socket::endpoint(path), ec);
    if (ec == asio::error::connection_refused) std::filesystem::remove(path);
}

std::shared_ptr<Listener> listen_unix(asio::io_context& io, Endpoint endpoint, const StreamSettings& settings,
                                      AcceptHandler on_accept) {
    remove_stale_socket(io, endpoint.path);
    boost::system::error_code ec;
    unix_socket::acceptor acceptor(io);
    unix_socket::endpoint local(endpoint.path);
    acceptor.open(local.protocol(), ec);
    if (!ec) acceptor.bind(local, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) bind_failed(endpoint, ec);
    return serve_acceptor<unix_socket>(io, std::move(acceptor), std::move(endpoint), settings, std::move(on_accept));
}

std::shared_ptr<Connection> connect_unix(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                         std::chrono::milliseconds timeout) {
    unix_socket::socket socket(asio::make_strand(io));
    boost::system::error_code result = asio::error::would_block;
    bool done = false;
    socket.async_connect(unix_socket::endpoint(endpoint.path), [&](boost::system::error_code ec) {
        result = ec;
        done = true;
    });
    if (!run_until(io, done, timeout)) {
        socket.close();
        run_until(io, done, timeout);  // lets the cancelled connect finish before `socket` goes
        connect_failed(endpoint, "timed out after " + std::to_string(timeout.count()) + " ms");
    }
    if (result) connect_failed(endpoint, result.message());
    return open(io, std::move(socket), info_of("unix", endpoint.to_uri()), endpoint, settings, timeout);
}

/// dial() driven on this thread; its own timer bounds the wait.
template <class Socket>
Socket dial_here(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                 std::chrono::milliseconds timeout) {
    std::optional<Socket> dialled;
    std::string error;
    bool done = false;
    dial(asio::make_strand(io), endpoint, settings, timeout, [&](std::optional<Socket> socket, const std::string& why) {
        dialled = std::move(socket);
        error = why;
        done = true;
    });
    while (!done && io.run_one() > 0) {
    }
    io.restart();
    if (!dialled) throw ConnectionError(error);
    return std::move(*dialled);
}

std::shared_ptr<Connection> connect_tcp(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                        std::chrono::milliseconds timeout) {
    if (endpoint.is_tls()) {
        auto stream = dial_here<TlsStream>(io, endpoint, settings, timeout);
        auto info = tls_connection_info(stream, scheme_of(endpoint), endpoint.to_uri());
        return open(io, std::move(stream), std::move(info), endpoint, settings, timeout);
    }
    auto socket = dial_here<tcp::socket>(io, endpoint, settings, timeout);
    return open(io, std::move(socket), info_of(scheme_of(endpoint), endpoint.to_uri()), endpoint, settings, timeout);
}

}  // namespace

std::shared_ptr<Listener> listen(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                 AcceptHandler on_accept) {
    if (endpoint.kind == Endpoint::Kind::unix_socket) return listen_unix(io, endpoint, settings, std::move(on_accept));
    return listen_tcp(io, endpoint, settings, std::move(on_accept));
}

std::shared_ptr<Listener> adopt(asio::io_context& io, const Endpoint& endpoint, int fd, const StreamSettings& settings,
                                AcceptHandler on_accept) {
    boost::system::error_code ec;
    if (endpoint.kind == Endpoint::Kind::unix_socket) {
        unix_socket::acceptor acceptor(io);
        acceptor.assign(unix_socket(), fd, ec);
        if (ec) bind_failed(endpoint, ec);
        auto listener = serve_acceptor<unix_socket>(io, std::move(acceptor), endpoint, settings, std::move(on_accept));
        std::static_pointer_cast<AcceptLoop<unix_socket>>(listener)->owns_socket_file = false;
        return listener;
    }
    sockaddr_storage bound{};
    socklen_t size = sizeof bound;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size) != 0)
        bind_failed(endpoint, boost::system::error_code(errno, boost::system::system_category()));
    tcp::acceptor acceptor(io);
    acceptor.assign(bound.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) bind_failed(endpoint, ec);
    return serve_acceptor<tcp>(io, std::move(acceptor), endpoint, settings, std::move(on_accept));
}

std::shared_ptr<Connection> connect(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                    std::chrono::milliseconds timeout) {
    if (endpoint.kind == Endpoint::Kind::unix_socket) return connect_unix(io, endpoint, settings, timeout);
    return connect_tcp(io, endpoint, settings, timeout);
}

}  // namespace rpcforge::detail
