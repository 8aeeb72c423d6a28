// stdio: the server's one connection over its own stdin and stdout, and the client's over a
// child process's. Both are a StreamConnection over a PipeStream.

#include "transport/stdio/stdio_transport.hpp"

#include "transport/stdio/child_process.hpp"
#include "transport/stdio/pipe_stream.hpp"
#include "transport/stream/stream_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace rpcforge::detail {

namespace asio = boost::asio;

namespace {

int duplicate(int fd, const char* what) {
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) throw std::system_error(errno, std::generic_category(), std::string("stdio: cannot use ") + what);
    return copy;
}

/// From now on stdout is the protocol's alone: fd 1 (what std::cout and printf write to)
/// is pointed at stderr and fd 0 at /dev/null, so a stray print cannot corrupt the stream.
void hand_over_standard_streams() {
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::close(null);
    }
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

std::shared_ptr<Connection> make_pipe_connection(asio::io_context& io, int read_fd, int write_fd, std::string remote,
                                                 const Endpoint& endpoint, const StreamSettings& settings,
                                                 StreamTimeouts timeouts) {
    // Writing to a pipe whose reader is gone raises SIGPIPE, which kills the process unless
    // ignored (sockets are written with MSG_NOSIGNAL instead). A handler already set is kept.
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
    auto strand = asio::make_strand(io);
    std::optional<PipeStream> stream;
    try {
        stream.emplace(strand, read_fd, write_fd);
    } catch (const std::system_error& e) {
        throw std::system_error(e.code(), "stdio: the event loop cannot watch stdin or stdout");
    }
    auto info = std::make_shared<ConnectionInfo>();
    info->transport = "stdio";
    info->remote_address = std::move(remote);
    return std::make_shared<StreamConnection<PipeStream>>(std::move(*stream),
                                                          make_framer(endpoint.framing, settings.limits.max_message_bytes),
                                                          std::move(info), settings.limits.max_queued_write_bytes, timeouts);
}

class StdioListener final : public Listener {
public:
    std::string uri() const override { return "stdio:"; }
    void close() override {}  // there is nothing more to accept
};

}  // namespace

std::shared_ptr<Listener> listen_stdio(asio::io_context& io, const Endpoint& endpoint, const StreamSettings& settings,
                                       AcceptHandler on_accept) {
    int in = duplicate(STDIN_FILENO, "stdin");
    int out = -1;
    try {
        out = duplicate(STDOUT_FILENO, "stdout");
    } catch (...) {
        ::close(in);
        throw;
    }
    // One trusted process at the other end, which may well keep quiet for long: no idle or
    // read timeouts.
    auto connection = make_pipe_connection(io, in, out, "stdio:", endpoint, settings, {});
    hand_over_standard_streams();
    // Handed over once the server runs, as a socket's connections are.
    asio::post(io, [connection, on_accept = std::move(on_accept)] { on_accept(connection); });
    return std::make_shared<StdioListener>();
}

std::shared_ptr<Connection> connect_child(asio::io_context& io, ChildProcess& child, const Endpoint& endpoint,
                                          const StreamSettings& settings) {
    int from_child = child.take_stdout();
    int to_child = child.take_stdin();
    return make_pipe_connection(io, from_child, to_child, "child:" + std::to_string(child.pid()), endpoint, settings, {});
}

}  // namespace rpcforge::detail
