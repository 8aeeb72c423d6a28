#include <rpcforge/codec.hpp>
#include <rpcforge/peer.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <limits>

namespace rpcforge {

namespace asio = boost::asio;

struct Peer::Pending {
    std::promise<json> promise;
    std::unique_ptr<asio::steady_timer> timer;
};

Peer::Peer(std::shared_ptr<Connection> connection, const Dispatcher* dispatcher,
           asio::any_io_executor handler_executor, PeerOptions options)
    : connection_(std::move(connection)),
      info_(connection_->info()),
      dispatcher_(dispatcher),
      requests_(asio::make_strand(std::move(handler_executor))),
      options_(std::move(options)) {}

Peer::~Peer() { fail_all_pending("connection closed"); }

void Peer::start(std::function<void()> on_closed) {
    on_closed_ = std::move(on_closed);
    connection_->start(shared_from_this());
}

// ---- incoming ----------------------------------------------------------------------------

void Peer::on_message(std::string message, std::shared_ptr<MessageContext> context) {
    if (options_.trace) options_.trace(Direction::incoming, message);
    auto serialization = context ? context->serialization : connection_->serialization();
    Incoming incoming;
    std::optional<Error> unreadable;
    try {
        incoming = classify(decode(message, options_.protocol.limits, serialization), options_.protocol);
    } catch (const Error& e) {
        unreadable = e;
    }
    // Answers to this side's calls complete here, on the I/O thread, and never queue behind
    // requests: a handler that calls the other side back must not wait on itself.
    bool has_requests = unreadable.has_value();
    for (const auto& message_part : incoming.messages) {
        if (const auto* response = std::get_if<Response>(&message_part))
            complete(*response);
        else
            has_requests = true;
    }
    // Over HTTP even a message with nothing to run gets its (empty) answer, in its turn.
    if (!has_requests && !connection_->answers_only()) return;
    if (!context) {
        context = std::make_shared<MessageContext>();
        context->serialization = serialization;
    }
    if (!context->connection) context->connection = info_;
    ++queued_messages_;
    // Everything that answers goes through the strand, so answers leave in arrival order.
    asio::post(requests_, [self = shared_from_this(), incoming = std::move(incoming), unreadable = std::move(unreadable),
                           context = std::move(context)]() mutable {
        if (unreadable)
            self->send(make_error(nullptr, *unreadable), context->serialization);
        else
            self->run_requests(incoming, *context);
        // Reading held back at the limit (accepts_input) goes on once below it again.
        if (self->queued_messages_-- == self->options_.protocol.limits.max_queued_messages)
            self->connection_->resume_reading();
    });
}

bool Peer::accepts_input() const { return queued_messages_ < options_.protocol.limits.max_queued_messages; }

void Peer::run_requests(const Incoming& incoming, MessageContext& context) {
    json answers = json::array();
    for (const auto& message : incoming.messages) {
        std::optional<json> answer;
        if (const auto* request = std::get_if<Request>(&message)) {
            if (const auto* dispatcher = context.dispatcher != nullptr ? context.dispatcher : dispatcher_)
                answer = dispatcher->handle(*request, shared_from_this(), &context);
            else if (!request->is_notification)
                answer = make_error(request->id, Error(error_code::method_not_found, "Method not found"), request->version);
        } else if (const auto* invalid = std::get_if<Invalid>(&message)) {
            answer = make_error(invalid->id, invalid->error);
        }
        if (answer) answers.push_back(std::move(*answer));
    }
    // An all-notification batch gets no answer at all, not an empty array.
    if (answers.empty()) return connection_->skip_answer();
    send(incoming.is_batch ? std::move(answers) : std::move(answers[0]), context.serialization);
}

void Peer::on_frame_error(const Error& error, bool fatal) {
    send(make_error(nullptr, error), connection_->serialization());
    if (fatal) connection_->close();
}

void Peer::on_input_end() {
    input_ended_ = true;
    fail_all_pending("connection closed by the other side");
    // Queued behind the requests already received, so each of them is answered first.
    asio::post(requests_, [self = shared_from_this()] { self->connection_->close(); });
}

void Peer::on_lost(const std::string& message, const std::string& reason) {
    // Our own message, read back whole however large or deep: it is not input to be wary of.
    Limits own{.max_message_bytes = message.size(), .max_depth = std::numeric_limits<std::size_t>::max()};
    json sent = decode(message, own, connection_->serialization());
    auto fail_call = [&](const json& part) {
        if (part.is_object() && part.contains("method") && part.value("id", json()).is_number_integer())
            fail_pending(part["id"].get<std::int64_t>(), std::make_exception_ptr(ConnectionError(reason)));
    };
    if (!sent.is_array()) return fail_call(sent);
    for (const auto& part : sent) fail_call(part);
}

void Peer::on_closed(const std::string& reason) {
    closed_ = true;
    fail_all_pending(reason.empty() ? "connection closed" : "connection lost: " + reason);
    if (on_closed_) std::exchange(on_closed_, nullptr)();
}

// ---- outgoing ----------------------------------------------------------------------------

void Peer::check_can_call() const {
    if (!can_call()) throw ConnectionError("an HTTP client can only be answered, not called");
}

std::future<json> Peer::call_async(const std::string& method, json params, CallOptions options) {
    check_can_call();
    std::int64_t id = next_id_++;
    auto answer = expect_answer(id, options);
    send(make_request(method, std::move(params), id), connection_->serialization());
    return answer;
}

void Peer::notify(const std::string& method, json params) {
    check_can_call();
    if (closed_ || input_ended_) throw ConnectionError("connection is closed");
    send(make_notification(method, std::move(params)), connection_->serialization());
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
            answers.push_back(expect_answer(id, options));
            message.push_back(make_request(entry.method, entry.params, id));
        }
    }
    send(message, connection_->serialization());
    return answers;
}

std::future<json> Peer::expect_answer(std::int64_t id, CallOptions options) {
    auto pending = std::make_shared<Pending>();
    pending->timer = std::make_unique<asio::steady_timer>(connection_->executor());
    auto answer = pending->promise.get_future();
    {
        std::lock_guard lock(pending_mutex_);
        if (closed_ || input_ended_) {
            pending->promise.set_exception(std::make_exception_ptr(ConnectionError("connection is closed")));
            return answer;
        }
        pending_.emplace(id, pending);
    }
    // The timer is touched only on the connection's executor, where answers complete too.
    auto timeout = options.timeout.value_or(options_.call_timeout);
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
    return answer;
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
        pending->promise.set_exception(std::make_exception_ptr(*response.error));
    else
        pending->promise.set_value(response.result);
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
    pending->promise.set_exception(std::move(error));
}

void Peer::fail_all_pending(const std::string& reason) {
    std::unordered_map<std::int64_t, std::shared_ptr<Pending>> failed;
    {
        std::lock_guard lock(pending_mutex_);
        failed.swap(pending_);
    }
    for (auto& [id, pending] : failed) {
        pending->timer->cancel();
        pending->promise.set_exception(std::make_exception_ptr(ConnectionError(reason)));
    }
}

void Peer::send(const json& message, Serialization serialization) {
    std::string bytes = encode(message, serialization);
    if (options_.trace) options_.trace(Direction::outgoing, bytes);
    connection_->send(std::move(bytes));
}

void Peer::close() { connection_->stop_reading(); }

void Peer::abort() { connection_->abort(); }

}  // namespace rpcforge
