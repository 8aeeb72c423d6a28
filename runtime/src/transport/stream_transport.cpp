#include "transport/stream_transport.hpp"

#include "http/http_connections.hpp"
#include "transport/stream_connection.hpp"
#include "transport/tls.hpp"

#include <rpcforge/error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>

#include <filesystem>
#include <mutex>
#include <system_error>

namespace rpcforge::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using unix_socket = asio::local::stream_protocol;

std::string describe(const std::string& scheme, const asio::ip::address& address, std::uint16_t port) {
    auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return scheme + "://" + host + ":" + std::to_string(port);
}

bool run_until(asio::io_context& io, const bool& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline)
        if (io.run_one_until(deadline) == 0 && io.stopped()) break;
    io.restart();
    return done;
}

void connect_failed(const Endpoint& endpoint, const std::string& why) {
    throw ConnectionError("cannot connect to " + endpoint.to_uri() + ": " + why);
}

namespace {

enum class Side { server, client };

/// The one place that picks what runs over a connected socket (TLS already under it):
/// JSON-RPC over HTTP on either side, or framed messages.
template <class Socket>
std::shared_ptr<Connection> make_connection(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                            const StreamSettings& settings, Side side) {
    if constexpr (!std::is_same_v<Socket, unix_socket::socket>) {  // HTTP over Unix sockets is not offered
        if (endpoint.is_http() && side == Side::server)
            return make_http_server(std::move(socket), std::move(info), endpoint, settings);
        if (endpoint.is_http()) return make_http_client(std::move(socket), std::move(info), endpoint, settings);
    }
    const auto& limits = settings.limits;
    return std::make_shared<StreamConnection<Socket>>(std::move(socket),
                                                      make_framer(endpoint.framing, limits.max_message_bytes),
                                                      std::move(info), limits.max_queued_write_bytes);
}

std::shared_ptr<ConnectionInfo> info_of(std::string transport, std::string remote) {
    return std::make_shared<ConnectionInfo>(ConnectionInfo{std::move(transport), std::move(remote), {}});
}

const char* scheme_of(const Endpoint& endpoint) {
    if (endpoint.is_http()) return endpoint.is_tls() ? "https" : "http";
    return endpoint.is_tls() ? "tls" : "tcp";
}

TlsConnectionMaker tls_maker(const Endpoint& endpoint, const StreamSettings& settings, Side side) {
    return [endpoint, settings, side](TlsStream stream, std::shared_ptr<ConnectionInfo> info) {
        return make_connection(std::move(stream), std::move(info), endpoint, settings, side);
    };
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

    // Closes at once, from any thread: stop() must see the port refused when it returns.
    void close() override {
        std::lock_guard lock(mutex_);
        if (!acceptor_.is_open()) return;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        if constexpr (std::is_same_v<Protocol, unix_socket>) {
            std::error_code also_ignored;
            std::filesystem::remove(endpoint_.path, also_ignored);
        }
    }

private:
    // Called with mutex_ held. The handler lets go of it before handing the connection on:
    // the server's accept takes the server's lock, which stop() holds while closing us.
    void do_accept() {
        acceptor_.async_accept(asio::make_strand(io_), [self = this->shared_from_this()](
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
            if (endpoint_.is_tls())
                return accept_tls(std::move(socket), settings_, scheme, tls_maker(endpoint_, settings_, Side::server),
                                  on_accept_);
            auto remote = socket.remote_endpoint(ec);
            auto name = ec ? scheme + "://?" : describe(scheme, remote.address(), remote.port());
            on_accept_(make_connection(std::move(socket), info_of(scheme, std::move(name)), endpoint_, settings_,
                                       Side::server));
        } else {
            on_accept_(make_connection(std::move(socket), info_of("unix", "unix:"), endpoint_, settings_, Side::server));
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
    endpoint.port = acceptor.local_endpoint().port();
    auto loop = std::make_shared<AcceptLoop<tcp>>(io, std::move(acceptor), std::move(endpoint), settings, std::move(on_accept));
    loop->start();
    return loop;
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
    auto loop = std::make_shared<AcceptLoop<unix_socket>>(io, std::move(acceptor), std::move(endpoint), settings,
                                                          std::move(on_accept));
    loop->start();
    return loop;
}

template <class Protocol, class Endpoints>
std::shared_ptr<Connection> connect_socket(asio::io_context& io, const Endpoint& endpoint, const Endpoints& targets,
                                           const StreamSettings& settings, std::chrono::milliseconds timeout) {
    typename Protocol::socket socket(asio::make_strand(io));
    boost::system::error_code result = asio::error::would_block;
    bool done = false;
    auto on_connected = [&](boost::system::error_code ec, auto&&...) {
        result = ec;
        done = true;
    };
    if constexpr (std::is_same_v<Protocol, tcp>) asio::async_connect(socket, targets, on_connected);
    else socket.async_connect(targets, on_connected);
    if (!run_until(io, done, timeout)) {
        socket.close();
        run_until(io, done, timeout);  // lets the cancelled connect finish before `socket` goes
        connect_failed(endpoint, "timed out after " + std::to_string(timeout.count()) + " ms");
    }
    if (result) connect_failed(endpoint, result.message());
    if constexpr (std::is_same_v<Protocol, tcp>) {
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (endpoint.is_tls())
            return connect_tls(io, std::move(socket), endpoint, settings, timeout,
                               tls_maker(endpoint, settings, Side::client));
        return make_connection(std::move(socket), info_of(scheme_of(endpoint), endpoint.to_uri()), endpoint, settings,
                               Side::client);
    } else {
        return make_connection(std::move(socket), info_of("unix", endpoint.to_uri()), endpoint, settings, Side::client);
    }
}

}  // namespace

std::shared_ptr<Listener> listen(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                 AcceptHandler on_accept) {
    if (endpoint.kind == Endpoint::Kind::unix_socket) return listen_unix(io, endpoint, settings, std::move(on_accept));
    return listen_tcp(io, endpoint, settings, std::move(on_accept));
}

std::shared_ptr<Connection> connect(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                    std::chrono::milliseconds timeout) {
    if (endpoint.kind == Endpoint::Kind::unix_socket)
        return connect_socket<unix_socket>(io, endpoint, unix_socket::endpoint(endpoint.path), settings, timeout);
    boost::system::error_code ec;
    auto targets = tcp::resolver(io).resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec) connect_failed(endpoint, ec.message());
    return connect_socket<tcp>(io, endpoint, targets, settings, timeout);
}

}  // namespace rpcforge::detail
