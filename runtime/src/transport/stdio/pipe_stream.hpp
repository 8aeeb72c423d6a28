#pragma once
// A duplex Asio stream made of two one-way descriptors: reads from one (a pipe, stdin), writes
// to the other (a pipe, stdout). StreamConnection runs over it as over a socket, so stdio and
// child processes get the same framing, flow control and timeouts as TCP.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/socket_base.hpp>

#include <unistd.h>
#include <system_error>
#include <utility>

namespace rpcforge::detail {

class PipeStream {
public:
    using executor_type = boost::asio::any_io_executor;
    using lowest_layer_type = PipeStream;

    /// Takes ownership of both descriptors (closing them if it throws). Throws
    /// std::system_error when one cannot be watched by the event loop.
    PipeStream(const executor_type& executor, int read_fd, int write_fd) : in_(executor), out_(executor) {
        boost::system::error_code ec;
        in_.assign(read_fd, ec);
        if (!ec) out_.assign(write_fd, ec);
        if (!ec) return;
        if (!in_.is_open()) ::close(read_fd);
        ::close(write_fd);
        throw std::system_error(ec.value(), std::system_category(), "cannot watch a pipe");
    }

    executor_type get_executor() { return in_.get_executor(); }
    PipeStream& lowest_layer() { return *this; }

    template <class Buffers, class Handler>
    auto async_read_some(const Buffers& buffers, Handler&& handler) {
        return in_.async_read_some(buffers, std::forward<Handler>(handler));
    }
    template <class Buffers, class Handler>
    auto async_write_some(const Buffers& buffers, Handler&& handler) {
        return out_.async_write_some(buffers, std::forward<Handler>(handler));
    }

    /// As a socket's: the other side sees the end of its input once the write end closes.
    void shutdown(boost::asio::socket_base::shutdown_type, boost::system::error_code& ec) { out_.close(ec); }
    void close(boost::system::error_code& ec) {
        boost::system::error_code ignored;
        in_.close(ignored);
        out_.close(ec);
    }

private:
    boost::asio::posix::stream_descriptor in_;
    boost::asio::posix::stream_descriptor out_;
};

}  // namespace rpcforge::detail
