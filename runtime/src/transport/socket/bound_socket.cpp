#include "transport/socket/bound_socket.hpp"

#include <rpcforge/bound_socket.hpp>
#include <rpcforge/endpoint.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/resource.h>
#include <system_error>
#include <unistd.h>

namespace rpcforge {

namespace asio = boost::asio;

namespace {

[[noreturn]] void bind_failed(const Endpoint& endpoint, const boost::system::error_code& ec) {
    throw std::system_error(ec, "cannot listen on " + endpoint.to_uri());
}

/// Opened with a private io_context that never runs: binding starts no thread, so a
/// process may still fork safely afterwards.
template <class Acceptor>
int listen_and_release(Acceptor& acceptor, const typename Acceptor::endpoint_type& local, const Endpoint& endpoint,
                       bool reuse_address) {
    boost::system::error_code ec;
    acceptor.open(local.protocol(), ec);
    if (!ec && reuse_address) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(local, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) bind_failed(endpoint, ec);
    int fd = acceptor.release(ec);
    if (ec) bind_failed(endpoint, ec);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

}  // namespace

BoundSocket bind_socket(const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    asio::io_context io;
    if (endpoint.kind == Endpoint::Kind::unix_socket) {
        asio::local::stream_protocol::acceptor acceptor(io);
        int fd = listen_and_release(acceptor, asio::local::stream_protocol::endpoint(endpoint.path), endpoint, false);
        return {endpoint.to_uri(), fd};
    }
    if (endpoint.kind != Endpoint::Kind::tcp)
        throw std::invalid_argument("cannot bind '" + uri + "' for other processes: only tcp:// and unix:// can be");
    boost::system::error_code ec;
    auto resolved = asio::ip::tcp::resolver(io).resolve(endpoint.host, std::to_string(endpoint.port),
                                                         asio::ip::tcp::resolver::passive, ec);
    if (ec || resolved.empty()) bind_failed(endpoint, ec);
    asio::ip::tcp::acceptor acceptor(io);
    int fd = listen_and_release(acceptor, resolved.begin()->endpoint(), endpoint, true);
    sockaddr_storage bound{};
    socklen_t size = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
    endpoint.port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                       : reinterpret_cast<sockaddr_in&>(bound).sin_port);
    return {endpoint.to_uri(), fd};
}

void close_bound_socket(BoundSocket& socket, bool remove_file) {
    if (socket.fd < 0) return;
    ::close(socket.fd);
    socket.fd = -1;
    if (!remove_file) return;
    auto endpoint = Endpoint::parse(socket.uri);
    std::error_code ignored;
    if (endpoint.kind == Endpoint::Kind::unix_socket) std::filesystem::remove(endpoint.path, ignored);
}

namespace detail {

int duplicate_socket(int fd) {
    int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) throw std::system_error(errno, std::generic_category(), "cannot use the bound socket");
    return copy;
}

void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace detail
}  // namespace rpcforge
