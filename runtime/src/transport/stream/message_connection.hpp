#pragma once
// What every message connection over a socket shares, whatever carries its messages (a framed
// byte stream: stream_connection.hpp; WebSocket messages: websocket/): one read at a time, held
// back while answers pile up unsent or the handler holds input back; answers queued and written
// in order; the idle and read deadlines on one timer; a close that writes every answer first;
// an abort. Every member function body runs on the connection's strand.
//
// The wire, `Derived`, does what differs between them, through these members:
//   void read_some();                           one read; its completion calls read_done(ec)
//   bool ends_input(const error_code&) const;   the peer ended its input (what it sent whole counts)
//   bool read_failed(const error_code&);        true when it answered a read error itself
//   void take_input();                          hands over what the read brought, message by message
//   bool has_partial_message() const;           a message is begun and not whole
//   std::string wrap(std::string message);      the message as it goes on the wire
//   static constexpr bool writes_many;          one write may carry every queued message
//   void write(const std::vector<std::string>&);  one write; its completion calls write_done(ec)
//   void say_goodbye();                         what a close does after the last answer; ends in finish()
//   void shut();                                closes the socket

#include <rpcforge/connection.hpp>

#include "transport/stream/reading_scope.hpp"
#include "transport/stream/timeouts.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rpcforge::detail {

template <class Derived>
class MessageConnection : public Connection, public std::enable_shared_from_this<Derived> {
public:
    void start(std::shared_ptr<ConnectionHandler> handler) final {
        boost::asio::dispatch(executor_, [self = this->shared_from_this(), handler = std::move(handler)] {
            self->handler_ = handler;
            self->deadlines_.started();
            if (self->deadlines_.enabled()) self->check_deadlines();
            self->maybe_read();
        });
    }

    void send(std::string message) final { send_then(std::move(message), nullptr); }

    void send_then(std::string message, std::function<void()> written) final {
        deadlines_.answer_posted();
        auto wire = wire_().wrap(std::move(message));
        if (ReadingScope::inside(this)) return take(std::move(wire), std::move(written));  // written when the read is handled
        boost::asio::post(executor_, [self = this->shared_from_this(), wire = std::move(wire),
                                      written = std::move(written)]() mutable {
            self->take(std::move(wire), std::move(written));
            self->write_queued();
        });
    }

    void close() final {
        boost::asio::post(executor_, [self = this->shared_from_this()] {
            self->closing_ = true;
            if (self->writing_.empty()) self->say_goodbye();
        });
    }

    void abort() final {
        boost::asio::post(executor_, [self = this->shared_from_this()] { self->finish({}); });
    }

    void stop_reading() final {
        boost::asio::post(executor_, [self = this->shared_from_this()] { self->end_input(); });
    }

    void skip_answer() final {
        deadlines_.answer_posted();
        if (ReadingScope::inside(this)) return deadlines_.answered();
        boost::asio::post(executor_, [self = this->shared_from_this()] { self->deadlines_.answered(); });
    }

    void resume_reading() final {
        boost::asio::post(executor_, [self = this->shared_from_this()] { self->maybe_read(); });
    }

    std::shared_ptr<const ConnectionInfo> info() const final { return info_; }
    boost::asio::any_io_executor executor() const final { return executor_; }

protected:
    MessageConnection(boost::asio::any_io_executor executor, std::shared_ptr<const ConnectionInfo> info,
                      std::size_t max_queued_write_bytes, StreamTimeouts timeouts)
        : executor_(std::move(executor)),
          info_(std::move(info)),
          max_queued_write_bytes_(max_queued_write_bytes),
          deadlines_(timeouts),
          timer_(executor_) {}

    /// The completion of Derived::read_some().
    void read_done(const boost::system::error_code& ec) {
        reading_ = false;
        if (closed_ || input_ended_) return;
        if (wire_().ends_input(ec)) return end_input();
        if (ec) {
            if (wire_().read_failed(ec)) return;
            return finish(ec.message());
        }
        {
            ReadingScope scope(this);
            wire_().take_input();
        }
        write_queued();  // the answers given while the read was handled, in one write
        bool begun = deadlines_.received(wire_().has_partial_message());
        if (begun && deadlines_.has_read_deadline() && deadlines_.read_due() < timer_due_) arm_timer(deadlines_.read_due());
        maybe_read();
    }

    /// The completion of Derived::write().
    void write_done(const boost::system::error_code& ec) {
        for (const auto& message : writing_) queued_bytes_ -= message.size();
        writing_.clear();
        auto written = std::exchange(writing_callbacks_, {});
        if (closed_) return;
        if (ec) return finish(ec.message());
        for (auto& callback : written) callback();
        if (!queue_.empty()) return write_queued();
        if (closing_) return say_goodbye();
        maybe_read();
    }

    /// Hands a whole message to the handler (from Derived::take_input()).
    void deliver(std::string message, std::shared_ptr<MessageContext> context) {
        if (handler_ && !input_ended_) handler_->on_message(std::move(message), std::move(context));
    }

    void deliver_error(const Error& error, bool fatal) {
        if (handler_ && !input_ended_) handler_->on_frame_error(error, fatal);
    }

    /// Closes at once (the answers still queued are dropped); `reason` empty: on purpose.
    void finish(const std::string& reason) {
        if (closed_) return;
        closed_ = true;
        timer_.cancel();
        queue_.clear();
        queue_callbacks_.clear();
        wire_().shut();
        // The handler is dropped here, which breaks the connection <-> handler cycle.
        if (auto handler = std::move(handler_)) handler->on_closed(reason);
    }

    bool closed() const { return closed_; }

private:
    Derived& wire_() { return static_cast<Derived&>(*this); }

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
        wire_().read_some();
    }

    // A message cut off by the end of input is dropped: it was never whole.
    void end_input() {
        if (input_ended_ || closed_) return;
        input_ended_ = true;
        if (handler_) handler_->on_input_end();
    }

    /// Queues an outgoing message for the next write.
    void take(std::string wire, std::function<void()> written) {
        deadlines_.answered();
        if (closed_ || closing_) return;
        queued_bytes_ += wire.size();
        queue_.push_back(std::move(wire));
        // Callbacks go by message index, so a write of several messages runs each of theirs.
        if (written) queue_callbacks_.emplace_back(queue_.size() - 1, std::move(written));
    }

    /// Writes what is queued unless a write is under way: all of it in one gathered write where
    /// the wire allows, else the first message.
    void write_queued() {
        if (!writing_.empty() || closed_ || queue_.empty()) return;
        if constexpr (Derived::writes_many) {
            writing_.swap(queue_);
            for (auto& [index, callback] : queue_callbacks_) writing_callbacks_.push_back(std::move(callback));
            queue_callbacks_.clear();
        } else {
            writing_.push_back(std::move(queue_.front()));
            queue_.erase(queue_.begin());
            take_first_callback();
        }
        wire_().write(writing_);
    }

    /// The first queued message is being written: its callback goes with it, the others' move up.
    void take_first_callback() {
        if (!queue_callbacks_.empty() && queue_callbacks_.front().first == 0) {
            writing_callbacks_.push_back(std::move(queue_callbacks_.front().second));
            queue_callbacks_.erase(queue_callbacks_.begin());
        }
        for (auto& entry : queue_callbacks_) --entry.first;
    }

    void say_goodbye() {
        if (closed_ || std::exchange(goodbye_said_, true)) return;
        wire_().say_goodbye();
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

    boost::asio::any_io_executor executor_;  // the socket's strand
    std::shared_ptr<const ConnectionInfo> info_;
    std::shared_ptr<ConnectionHandler> handler_;
    std::vector<std::string> queue_;
    std::vector<std::string> writing_;  // the write under way
    // send_then()'s callbacks: of queued messages (with their index in queue_), of the write.
    std::vector<std::pair<std::size_t, std::function<void()>>> queue_callbacks_;
    std::vector<std::function<void()>> writing_callbacks_;
    std::size_t max_queued_write_bytes_;
    std::size_t queued_bytes_ = 0;  // queued and being written
    DeadlineClock deadlines_;
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point timer_due_ = std::chrono::steady_clock::time_point::max();
    bool held_back_ = false;
    bool reading_ = false;
    bool input_ended_ = false;
    bool closing_ = false;
    bool goodbye_said_ = false;
    bool closed_ = false;
};

}  // namespace rpcforge::detail
