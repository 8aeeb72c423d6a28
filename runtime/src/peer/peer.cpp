#include <rpcforge/codec.hpp>
#include <rpcforge/peer.hpp>

#include "observe/metric_counters.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <limits>

namespace rpcforge {

namespace asio = boost::asio;

struct Peer::Pending {
    Completion done;
    std::unique_ptr<asio::steady_timer> timer;
};

Peer::Peer(std::shared_ptr<Connection> connection, const Dispatcher* dispatcher,
           asio::any_io_executor handler_executor, PeerOptions options, asio::any_io_executor notification_executor)
    : connection_(std::move(connection)),
      info_(connection_->info()),
      dispatcher_(dispatcher),
      handlers_(std::move(handler_executor)),
      notifications_(std::move(notification_executor)),
      resume_on_handlers_([executor = handlers_](std::function<void()> work) { asio::post(executor, std::move(work)); }),
      options_(std::move(options)) {
    if (options_.metrics) counted_bytes_ = &detail::counters_of(*options_.metrics).transport(info_->transport).bytes;
}

Peer::~Peer() { fail_all_pending("connection closed"); }

void Peer::start(std::function<void()> on_closed) {
    on_closed_ = std::move(on_closed);
    connection_->start(shared_from_this());
}

void Peer::on_lost(const std::string& message, const std::string& reason) {
    fail_calls_in(message, [&] { return std::make_exception_ptr(ConnectionError(reason)); });
}

void Peer::on_not_sent(const std::string& message, const std::string& reason) {
    fail_calls_in(message, [&] { return std::make_exception_ptr(NotSentError(reason)); });
}

void Peer::fail_calls_in(const std::string& message, const std::function<std::exception_ptr()>& error) {
    // Our own message, read back whole however large or deep: it is not input to be wary of.
    Limits own{.max_message_bytes = message.size(), .max_depth = std::numeric_limits<std::size_t>::max()};
    json sent = decode(message, own, connection_->serialization());
    auto fail_call = [&](const json& part) {
        if (part.is_object() && part.contains("method") && part.value("id", json()).is_number_integer())
            fail_pending(part["id"].get<std::int64_t>(), error());
    };
    if (!sent.is_array()) return fail_call(sent);
    for (const auto& part : sent) fail_call(part);
}

void Peer::on_closed(const std::string& reason) {
    closed_ = true;
    fail_all_pending(reason.empty() ? "connection closed" : "connection lost: " + reason);
    run_closed_callbacks();
    if (on_closed_) std::exchange(on_closed_, nullptr)();
}

std::shared_ptr<void> Peer::when_closed(std::function<void()> callback) {
    {
        std::lock_guard lock(closed_callbacks_mutex_);
        if (!closed_ && !(input_ended_ && input_end_means_gone())) {
            auto key = next_closed_callback_++;
            closed_callbacks_.emplace(key, std::move(callback));
            // A handle that points at nothing; its deleter is what it is for.
            return std::shared_ptr<void>(nullptr, [weak = weak_from_this(), key](void*) {
                if (auto peer = weak.lock()) peer->forget_closed_callback(key);
            });
        }
    }
    callback();
    return nullptr;
}

bool Peer::input_end_means_gone() const {
    // A socket's client that ends its side has gone (clients do not half-close and wait);
    // over stdio, ending stdin is how a session ends, and its answers are still read.
    return info_->transport != "stdio";
}

void Peer::forget_closed_callback(std::uint64_t key) {
    std::lock_guard lock(closed_callbacks_mutex_);
    closed_callbacks_.erase(key);
}

void Peer::run_closed_callbacks() {
    std::map<std::uint64_t, std::function<void()>> callbacks;
    {
        std::lock_guard lock(closed_callbacks_mutex_);
        callbacks.swap(closed_callbacks_);
    }
    for (auto& [key, callback] : callbacks) callback();
}

// ---- outgoing ----------------------------------------------------------------------------

void Peer::check_can_call() const {
    if (!can_call()) throw ConnectionError("an HTTP client can only be answered, not called");
}

void Peer::call_then(const std::string& method, json params, Completion done, CallOptions options) {
    check_can_call();
    std::int64_t id = next_id_++;
    expect_answer(id, options, std::move(done));
    send(make_request(method, std::move(params), id), connection_->serialization());
}

void Peer::notify(const std::string& method, json params) {
    check_can_call();
    if (closed_ || input_ended_) throw NotSentError("connection is closed");
    send(make_notification(method, std::move(params)), connection_->serialization());
}

void Peer::notify_then(const std::string& method, json params, std::function<void()> written) {
    check_can_call();
    if (closed_ || input_ended_) throw NotSentError("connection is closed");
    send(make_notification(method, std::move(params)), connection_->serialization(), std::move(written));
}

std::vector<std::future<json>> Peer::send_batch(const Batch& batch, CallOptions options) {
    check_can_call();
    std::vector<std::future<json>> answers;
    if (batch.entries().empty()) return answers;
    json message = json::array();
    for (const auto& entry : batch.entries()) {
        if (entry.is_notification) {
            message.push_back(make_notification(entry.method, entry.params));
        } else {
            std::int64_t id = next_id_++;
            answers.push_back(expect_future(id, options));
            message.push_back(make_request(entry.method, entry.params, id));
        }
    }
    send(message, connection_->serialization());
    return answers;
}

std::future<json> Peer::expect_future(std::int64_t id, CallOptions options) {
    auto promise = std::make_shared<std::promise<json>>();
    auto answer = promise->get_future();
    expect_answer(id, options, [promise](json result, std::exception_ptr error) {
        if (error)
            promise->set_exception(std::move(error));
        else
            promise->set_value(std::move(result));
    });
    return answer;
}

void Peer::expect_answer(std::int64_t id, CallOptions options, Completion done) {
    auto pending = std::make_shared<Pending>();
    pending->timer = std::make_unique<asio::steady_timer>(connection_->executor());
    pending->done = std::move(done);
    bool open = false;
    {
        std::lock_guard lock(pending_mutex_);
        open = !closed_ && !input_ended_;
        if (open) pending_.emplace(id, pending);
    }
    if (!open) return pending->done(nullptr, std::make_exception_ptr(NotSentError("connection is closed")));
    // The timer is touched only on the connection's executor, where answers complete too.
    auto timeout = options.time_left(options_.call_timeout);
    asio::post(connection_->executor(), [weak = weak_from_this(), pending, id, timeout] {
        auto self = weak.lock();
        if (!self || !self->is_pending(id)) return;
        pending->timer->expires_after(timeout);
        pending->timer->async_wait([weak, id, timeout](boost::system::error_code ec) {
            if (ec) return;  // answered in time
            if (auto self = weak.lock())
                self->fail_pending(id, std::make_exception_ptr(TimeoutError(
                                           "no answer within " + std::to_string(timeout.count()) + " ms")));
        });
    });
}

bool Peer::is_pending(std::int64_t id) {
    std::lock_guard lock(pending_mutex_);
    return pending_.count(id) != 0;
}

void Peer::complete(const Response& response) {
    // Only integer ids are this side's; anything else is not an answer to us.
    if (!response.id.is_number_integer()) return;
    std::shared_ptr<Pending> pending;
    {
        std::lock_guard lock(pending_mutex_);
        auto it = pending_.find(response.id.get<std::int64_t>());
        if (it == pending_.end()) return;  // late answer to a call that timed out
        pending = std::move(it->second);
        pending_.erase(it);
    }
    pending->timer->cancel();
    if (response.error)
        pending->done(nullptr, std::make_exception_ptr(*response.error));
    else
        pending->done(response.result, nullptr);
}

void Peer::fail_pending(std::int64_t id, std::exception_ptr error) {
    std::shared_ptr<Pending> pending;
    {
        std::lock_guard lock(pending_mutex_);
        auto it = pending_.find(id);
        if (it == pending_.end()) return;
        pending = std::move(it->second);
        pending_.erase(it);
    }
    pending->done(nullptr, std::move(error));
}

void Peer::fail_all_pending(const std::string& reason) {
    std::unordered_map<std::int64_t, std::shared_ptr<Pending>> failed;
    {
        std::lock_guard lock(pending_mutex_);
        failed.swap(pending_);
    }
    for (auto& [id, pending] : failed) {
        pending->timer->cancel();
        pending->done(nullptr, std::make_exception_ptr(ConnectionError(reason)));
    }
}

void Peer::send(const json& message, Serialization serialization, std::function<void()> written) {
    std::string bytes = encode(message, serialization);
    if (options_.trace) options_.trace(Direction::outgoing, bytes);
    if (counted_bytes_ != nullptr) counted_bytes_->sent(bytes.size());
    if (written)
        connection_->send_then(std::move(bytes), std::move(written));
    else
        connection_->send(std::move(bytes));
}

void Peer::close() { connection_->stop_reading(); }

void Peer::abort() { connection_->abort(); }

}  // namespace rpcforge
