// One subscription on the client: the bounded buffer of items not yet read, the reader waiting,
// and how it ends (docs/subscriptions.md).

#include <rpcforge/detail/stream_state.hpp>
#include <rpcforge/detail/subscription_sink.hpp>
#include <rpcforge/error.hpp>

#include <stdexcept>
#include <utility>

namespace rpcforge::detail {

StreamState::StreamState(Channel& channel, std::string method, std::size_t max_buffered_items)
    : channel_(channel), method_(std::move(method)), max_buffered_items_(max_buffered_items == 0 ? 1 : max_buffered_items) {}

void StreamState::push(json item) {
    Next reader;
    bool lagged = false;
    {
        std::lock_guard lock(mutex_);
        if (ended_) return;
        if (waiting_) {
            reader = std::exchange(waiting_, nullptr);
        } else if (buffered_.size() < max_buffered_items_) {
            buffered_.push_back(std::move(item));
            return;
        } else {
            // The reader is too far behind: end rather than buffer without bound, and free the
            // server from producing for nobody. What is buffered is still read first.
            lagged = true;
            finish_locked(std::make_exception_ptr(Error(
                error_code::stream_lagged, "stream lagged: more than " + std::to_string(max_buffered_items_) +
                                               " items unread")));
        }
    }
    if (lagged) return tell_server();
    reader(nullptr, std::move(item));
}

void StreamState::end(std::exception_ptr error) {
    Next reader;
    {
        std::lock_guard lock(mutex_);
        if (ended_) return;
        told_server_ = true;  // the server ended it: nothing to tell
        reader = finish_locked(error);
    }
    if (reader) reader(error, std::nullopt);
}

void StreamState::take(Next next) {
    std::optional<json> item;
    std::exception_ptr error;
    {
        std::lock_guard lock(mutex_);
        if (waiting_) throw std::logic_error("Stream::next: another next() is waiting already");
        if (!buffered_.empty()) {
            item = std::move(buffered_.front());
            buffered_.pop_front();
        } else if (!ended_) {
            waiting_ = std::move(next);
            return;
        } else {
            error = error_;
        }
    }
    next(error, std::move(item));
}

void StreamState::unsubscribe() {
    Next reader;
    {
        std::lock_guard lock(mutex_);
        buffered_.clear();
        if (!ended_) reader = finish_locked(nullptr);
        error_ = nullptr;  // leaving is no failure, whatever ended it before
    }
    tell_server();
    if (reader) reader(nullptr, std::nullopt);
}

StreamState::Next StreamState::finish_locked(std::exception_ptr error) {
    ended_ = true;
    error_ = std::move(error);
    StreamRouter::instance().forget(id_);
    return std::exchange(waiting_, nullptr);
}

void StreamState::tell_server() {
    {
        std::lock_guard lock(mutex_);
        if (std::exchange(told_server_, true) || id_.empty()) return;
    }
    try {
        // Fire and forget: the answer (true, or false when it ended meanwhile) changes nothing.
        channel_.call_then(method_ + ".unsubscribe", json{{"subscription", id_}}, [](json, std::exception_ptr) {});
    } catch (const std::exception&) {
        // The connection is gone, and the subscription with it.
    }
}

}  // namespace rpcforge::detail
