#pragma once
// A message connection over any Asio stream (TCP, Unix, TLS over TCP), framed by a Framer.
// Every member function body runs on the socket's strand.

#include <rpcforge/connection.hpp>

#include "transport/stream/framer.hpp"
#include "transport/stream/reading_scope.hpp"
#include "transport/stream/timeouts.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::detail {

template <class Socket>
class StreamConnection final : public Connection,
                               public FrameSink,
                               public std::enable_shared_from_this<StreamConnection<Socket>> {
public:
    StreamConnection(Socket socket, std::unique_ptr<Framer> framer, std::shared_ptr<const ConnectionInfo> info,
                     std::size_t max_queued_write_bytes, StreamTimeouts timeouts = {})
        : socket_(std::move(socket)),
          executor_(socket_.get_executor()),
          framer_(std::move(framer)),
          info_(std::move(info)),
          max_queued_write_bytes_(max_queued_write_bytes),
          deadlines_(timeouts),
          timer_(executor_) {}

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        boost::asio::dispatch(executor(), [self = this->shared_from_this(), handler = std::move(handler)] {
            self->handler_ = handler;
            self->deadlines_.started();
            if (self->deadlines_.enabled()) self->check_deadlines();
            self->maybe_read();
        });
    }

    void send(std::string message) override {
        deadlines_.answer_posted();
        auto wire = framer_->wrap(std::move(message));
        if (ReadingScope::inside(this)) return take(std::move(wire));  // written when the read is handled
        boost::asio::post(executor(), [self = this->shared_from_this(), wire = std::move(wire)]() mutable {
            self->take(std::move(wire));
            if (self->writing_.empty()) self->do_write();
        });
    }

    void close() override {
        boost::asio::post(executor(), [self = this->shared_from_this()] {
            self->closing_ = true;
            if (self->writing_.empty()) self->finish({});
        });
    }

    void abort() override {
        boost::asio::post(executor(), [self = this->shared_from_this()] {
            self->queue_.clear();
            self->finish({});
        });
    }

    void stop_reading() override {
        boost::asio::post(executor(), [self = this->shared_from_this()] { self->end_input(); });
    }

    void skip_answer() override {
        deadlines_.answer_posted();
        if (ReadingScope::inside(this)) return deadlines_.answered();
        boost::asio::post(executor(), [self = this->shared_from_this()] { self->deadlines_.answered(); });
    }

    void resume_reading() override {
        boost::asio::post(executor(), [self = this->shared_from_this()] { self->maybe_read(); });
    }

    std::shared_ptr<const ConnectionInfo> info() const override { return info_; }
    boost::asio::any_io_executor executor() const override { return executor_; }

private:
    /// Reads unless a read is under way or input must wait: answers piling up unsent, or
    /// the handler holding back. Called again whenever either may have changed.
    void maybe_read() {
        if (reading_ || input_ended_ || closed_ || !handler_) return;
        if (queued_bytes_ > max_queued_write_bytes_ || !handler_->accepts_input()) {
            held_back_ = true;
            return;
        }
        // Time spent held back is this side's doing, not a slow sender's.
        if (std::exchange(held_back_, false)) deadlines_.resumed();
        reading_ = true;
        socket_.async_read_some(boost::asio::buffer(read_buffer_),
                                [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                    self->on_read(ec, n);
                                });
    }

    void on_read(boost::system::error_code ec, std::size_t n) {
        reading_ = false;
        if (closed_ || input_ended_) return;
        // A TLS peer that closes without close_notify has still ended its input; what it sent
        // whole was authenticated record by record.
        if (ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated) return end_input();
        if (ec) return finish(ec.message());
        {
            ReadingScope scope(this);
            framer_->feed(std::string_view(read_buffer_.data(), n), *this);
        }
        if (!queue_.empty() && writing_.empty()) do_write();
        bool begun = deadlines_.received(framer_->has_partial_frame());
        if (begun && deadlines_.has_read_deadline() && deadlines_.read_due() < timer_due_) arm_timer(deadlines_.read_due());
        maybe_read();
    }

    // A message cut off by the end of input is dropped: it was never whole.
    void end_input() {
        if (input_ended_ || closed_) return;
        input_ended_ = true;
        if (handler_) handler_->on_input_end();
    }

    void on_frame(std::string message) override {
        if (handler_ && !input_ended_) handler_->on_message(std::move(message), nullptr);
    }

    void on_frame_error(const Error& error, bool fatal) override {
        if (handler_ && !input_ended_) handler_->on_frame_error(error, fatal);
    }

    /// Queues an outgoing message for the next write.
    void take(std::string wire) {
        deadlines_.answered();
        if (closed_ || closing_) return;
        queued_bytes_ += wire.size();
        queue_.push_back(std::move(wire));
    }

    void do_write() {
        // Everything queued goes out in one gathered write.
        writing_.swap(queue_);
        queue_.clear();
        buffers_.clear();
        for (const auto& message : writing_) buffers_.push_back(boost::asio::buffer(message));
        boost::asio::async_write(socket_, buffers_,
                                 [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                                     self->on_write(ec);
                                 });
    }

    void on_write(boost::system::error_code ec) {
        for (const auto& message : writing_) queued_bytes_ -= message.size();
        writing_.clear();
        if (closed_) return;
        if (ec) return finish(ec.message());
        if (!queue_.empty()) return do_write();
        if (closing_) return finish({});
        maybe_read();
    }

    void finish(const std::string& reason) {
        if (closed_) return;
        closed_ = true;
        timer_.cancel();
        boost::system::error_code ignored;
        // The TCP socket under a TLS stream is closed without a close_notify: the answers are
        // written, and waiting for the peer's own close_notify could take forever.
        socket_.lowest_layer().shutdown(boost::asio::socket_base::shutdown_both, ignored);
        socket_.lowest_layer().close(ignored);
        // The handler is dropped here, which breaks the connection <-> handler cycle.
        if (auto handler = std::move(handler_)) handler->on_closed(reason);
    }

    /// Closes the connection whose deadline has passed, else waits for the nearest one.
    void check_deadlines() {
        if (closed_ || input_ended_) return;
        std::chrono::steady_clock::time_point next;
        auto why = deadlines_.check(reading_, !writing_.empty() || (handler_ && handler_->busy()), next);
        if (!why.empty()) return finish(why);
        arm_timer(next);
    }

    void arm_timer(std::chrono::steady_clock::time_point due) {
        timer_due_ = due;
        timer_.expires_at(due);  // cancels the wait under way, whose handler then does nothing
        timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
            if (!ec) self->check_deadlines();
        });
    }

    Socket socket_;
    boost::asio::any_io_executor executor_;  // the socket's strand
    std::unique_ptr<Framer> framer_;
    std::shared_ptr<const ConnectionInfo> info_;
    std::shared_ptr<ConnectionHandler> handler_;
    std::array<char, 16 * 1024> read_buffer_;
    std::vector<std::string> queue_;
    std::vector<std::string> writing_;
    std::vector<boost::asio::const_buffer> buffers_;
    std::size_t max_queued_write_bytes_;
    std::size_t queued_bytes_ = 0;  // queued and being written
    DeadlineClock deadlines_;
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point timer_due_ = std::chrono::steady_clock::time_point::max();
    bool held_back_ = false;
    bool reading_ = false;
    bool input_ended_ = false;
    bool closing_ = false;
    bool closed_ = false;
};

}  // namespace rpcforge::detail
