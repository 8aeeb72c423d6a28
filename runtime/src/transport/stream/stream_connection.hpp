#pragma once
// A message connection over any Asio stream (TCP, Unix, TLS over TCP, pipes), framed by a
// Framer: what a byte stream does differently; the rest is MessageConnection's.

#include "transport/stream/framer.hpp"
#include "transport/stream/message_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rpcforge::detail {

template <class Socket>
class StreamConnection final : public MessageConnection<StreamConnection<Socket>>, public FrameSink {
    using Core = MessageConnection<StreamConnection<Socket>>;
    friend Core;

public:
    StreamConnection(Socket socket, std::unique_ptr<Framer> framer, std::shared_ptr<const ConnectionInfo> info,
                     std::size_t max_queued_write_bytes, StreamTimeouts timeouts = {})
        : Core(socket.get_executor(), std::move(info), max_queued_write_bytes, timeouts),
          socket_(std::move(socket)),
          framer_(std::move(framer)) {}

private:
    static constexpr bool writes_many = true;  // a gathered write of everything queued

    void read_some() {
        socket_.async_read_some(boost::asio::buffer(read_buffer_),
                                [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                    self->read_bytes_ = n;
                                    self->read_done(ec);
                                });
    }

    // A TLS peer that closes without close_notify has still ended its input; what it sent whole
    // was authenticated record by record.
    bool ends_input(const boost::system::error_code& ec) const {
        return ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated;
    }
    bool read_failed(const boost::system::error_code&) { return false; }

    void take_input() { framer_->feed(std::string_view(read_buffer_.data(), read_bytes_), *this); }
    bool has_partial_message() const { return framer_->has_partial_frame(); }

    void on_frame(std::string message) override { this->deliver(std::move(message), nullptr); }
    void on_frame_error(const Error& error, bool fatal) override { this->deliver_error(error, fatal); }

    std::string wrap(std::string message) { return framer_->wrap(std::move(message)); }

    void write(const std::vector<std::string>& messages) {
        buffers_.clear();
        for (const auto& message : messages) buffers_.push_back(boost::asio::buffer(message));
        boost::asio::async_write(socket_, buffers_,
                                 [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                                     self->write_done(ec);
                                 });
    }

    void say_goodbye() { this->finish({}); }

    void shut() {
        boost::system::error_code ignored;
        // The TCP socket under a TLS stream is closed without a close_notify: the answers are
        // written, and waiting for the peer's own close_notify could take forever.
        socket_.lowest_layer().shutdown(boost::asio::socket_base::shutdown_both, ignored);
        socket_.lowest_layer().close(ignored);
    }

    Socket socket_;
    std::unique_ptr<Framer> framer_;
    std::array<char, 16 * 1024> read_buffer_;
    std::size_t read_bytes_ = 0;
    std::vector<boost::asio::const_buffer> buffers_;
};

}  // namespace rpcforge::detail
