// The incoming half of a Peer: received messages are read, their requests run under their
// methods' policies, and the answers go out (in arrival order where the transport needs it).

#include <rpcforge/codec.hpp>
#include <rpcforge/peer.hpp>

#include "observe/metric_counters.hpp"

#include <boost/asio/post.hpp>

namespace rpcforge {

namespace asio = boost::asio;

/// A batch on its way: its members run concurrently, and their answers are collected here in
/// the order of the requests.
struct Peer::Gather {
    Incoming incoming;
    std::shared_ptr<MessageContext> context;
    std::uint64_t sequence = 0;
    bool in_order = false;
    std::vector<std::optional<json>> answers;
    std::atomic<std::size_t> unanswered{0};
    std::atomic<std::size_t> running{0};  // members whose handler has not returned yet
};

void Peer::on_message(std::string message, std::shared_ptr<MessageContext> context) {
    if (options_.trace) options_.trace(Direction::incoming, message);
    if (counted_bytes_ != nullptr) counted_bytes_->received(message.size());
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
    // Middleware times a call from here, before any queue; without middleware nobody reads it.
    if (const auto* dispatcher = dispatcher_for(*context); dispatcher != nullptr && dispatcher->observed())
        context->received = std::chrono::steady_clock::now();
    auto sequence = next_sequence_++;
    ++queued_messages_;
    if (unreadable) return finish(sequence, make_error(nullptr, *unreadable), serialization);
    if (runs_on_io_thread(incoming, *context))
        return run_message(std::move(incoming), std::move(context), sequence, false);
    bool apart = runs_apart(incoming);
    bool in_order = !apart && !options_.concurrent_requests;
    auto run = [self = shared_from_this(), incoming = std::move(incoming), context = std::move(context), sequence,
                in_order]() mutable { self->run_message(std::move(incoming), std::move(context), sequence, in_order); };
    if (in_order) return start_in_order(std::move(run));
    asio::post(apart ? notifications_ : handlers_, std::move(run));
}

void Peer::start_in_order(std::function<void()> message) {
    {
        std::lock_guard lock(in_order_mutex_);
        if (running_in_order_) return waiting_in_order_.push_back(std::move(message));
        running_in_order_ = true;
    }
    asio::post(handlers_, std::move(message));
}

void Peer::start_next_in_order() {
    std::function<void()> next;
    {
        std::lock_guard lock(in_order_mutex_);
        if (waiting_in_order_.empty()) {
            running_in_order_ = false;
            return;
        }
        next = std::move(waiting_in_order_.front());
        waiting_in_order_.pop_front();
    }
    asio::post(handlers_, std::move(next));
}

bool Peer::accepts_input() const { return queued_messages_ < options_.protocol.limits.max_queued_messages; }

bool Peer::busy() const { return queued_messages_ > 0; }

const Dispatcher* Peer::dispatcher_for(const MessageContext& context) const {
    return context.dispatcher != nullptr ? context.dispatcher : dispatcher_;
}

bool Peer::runs_on_io_thread(const Incoming& incoming, const MessageContext& context) const {
    if (incoming.is_batch || incoming.messages.size() != 1) return false;
    const auto* request = std::get_if<Request>(&incoming.messages.front());
    const auto* dispatcher = dispatcher_for(context);
    // Requests for no method are answered at once: there is nothing to wait for.
    return request == nullptr || dispatcher == nullptr ||
           dispatcher->policy(request->method).thread == MethodPolicy::Thread::io;
}

bool Peer::runs_apart(const Incoming& incoming) const {
    // Notifications with a pool of their own run there, apart and in no set order.
    if (!notifications_ || incoming.messages.empty()) return false;
    for (const auto& message : incoming.messages) {
        const auto* request = std::get_if<Request>(&message);
        if (request == nullptr || !request->is_notification) return false;
    }
    return true;
}

void Peer::run_message(Incoming incoming, std::shared_ptr<MessageContext> context, std::uint64_t sequence,
                       bool in_order) {
    if (incoming.is_batch) return run_batch(std::move(incoming), std::move(context), sequence, in_order);
    auto serialization = context->serialization;
    // An answer that comes after its connection is gone is dropped: a reply the handler still
    // holds must not keep the connection (and its sockets) alive beyond its server.
    run_one(incoming.messages.front(), context,
            [weak = weak_from_this(), sequence, serialization](std::optional<json> answer) {
                if (auto self = weak.lock()) self->finish(sequence, std::move(answer), serialization);
            });
    if (in_order) start_next_in_order();
}

void Peer::run_batch(Incoming incoming, std::shared_ptr<MessageContext> context, std::uint64_t sequence,
                     bool in_order) {
    auto gather = std::make_shared<Gather>();
    const auto count = incoming.messages.size();
    gather->answers.resize(count);
    gather->unanswered = count;
    gather->running = count;
    gather->incoming = std::move(incoming);
    gather->context = std::move(context);
    gather->context->is_batch = true;
    gather->sequence = sequence;
    gather->in_order = in_order;
    // Members go to the pool, to run side by side, except those of methods that run on the
    // I/O thread (they are quick) and the last one, which runs here.
    const auto* dispatcher = dispatcher_for(*gather->context);
    for (std::size_t i = 0; i < count; ++i) {
        const auto* request = std::get_if<Request>(&gather->incoming.messages[i]);
        bool runs_here = i + 1 == count || request == nullptr || dispatcher == nullptr ||
                         dispatcher->policy(request->method).thread == MethodPolicy::Thread::io;
        if (runs_here)
            run_member(gather, i);
        else
            asio::post(request->is_notification && notifications_ ? notifications_ : handlers_,
                       [self = shared_from_this(), gather, i] { self->run_member(gather, i); });
    }
}

void Peer::run_member(const std::shared_ptr<Gather>& gather, std::size_t index) {
    run_one(gather->incoming.messages[index], gather->context,
            [weak = weak_from_this(), gather, index](std::optional<json> answer) {
                gather->answers[index] = std::move(answer);
                if (--gather->unanswered != 0) return;
                auto self = weak.lock();
                if (!self) return;
                // The last to answer sends the batch's answer; an all-notification batch gets none.
                json answers = json::array();
                for (auto& member : gather->answers)
                    if (member) answers.push_back(std::move(*member));
                self->finish(gather->sequence,
                             answers.empty() ? std::nullopt : std::optional<json>(std::move(answers)),
                             gather->context->serialization);
            });
    // The connection's next message waits until every member's handler has returned.
    if (--gather->running == 0 && gather->in_order) start_next_in_order();
}

void Peer::run_one(const Message& message, const std::shared_ptr<MessageContext>& context, Dispatcher::Answer done) {
    if (const auto* invalid = std::get_if<Invalid>(&message)) return done(make_error(invalid->id, invalid->error));
    const auto* request = std::get_if<Request>(&message);
    if (request == nullptr) return done(std::nullopt);  // an answer, in a message over HTTP
    // A stream connection the server's authentication refused runs nothing (docs/security.md).
    if (const auto& refused = context->connection->authentication_refused; !refused.empty()) [[unlikely]]
        return done(request->is_notification
                        ? std::nullopt
                        : std::optional<json>(make_error(request->id, Error(error_code::unauthenticated, refused),
                                                         request->version)));
    if (const auto* dispatcher = dispatcher_for(*context))
        return dispatcher->dispatch(*request, CallSite{shared_from_this(), context, &resume_on_handlers_}, std::move(done));
    if (request->is_notification) return done(std::nullopt);
    done(make_error(request->id, Error(error_code::method_not_found, "Method not found"), request->version));
}

void Peer::finish(std::uint64_t sequence, std::optional<json> answer, Serialization serialization) {
    std::optional<std::string> bytes;
    if (answer) {
        bytes = encode(*answer, serialization);
        if (options_.trace) options_.trace(Direction::outgoing, *bytes);
        if (counted_bytes_ != nullptr) counted_bytes_->sent(bytes->size());
    }
    deliver_in_order(sequence, std::move(bytes));
    auto in_flight = queued_messages_--;
    // Reading held back at the limit (accepts_input) goes on once below it again.
    if (in_flight == options_.protocol.limits.max_queued_messages) connection_->resume_reading();
    if (in_flight == 1 && input_ended_) close_once();
}

void Peer::deliver_in_order(std::uint64_t sequence, std::optional<std::string> answer) {
    auto write = [this](std::optional<std::string>& bytes) {
        if (bytes)
            connection_->send(std::move(*bytes));
        else
            connection_->skip_answer();
    };
    // Streams and WebSocket match answers by id, so they leave as soon as they are ready.
    if (!connection_->answers_only()) return write(answer);
    // HTTP answers each request in its turn: an answer ready early waits for the older ones.
    std::lock_guard lock(answers_mutex_);
    if (sequence != next_answer_) {
        early_answers_.emplace(sequence, std::move(answer));
        return;
    }
    write(answer);
    ++next_answer_;
    for (auto next = early_answers_.begin(); next != early_answers_.end() && next->first == next_answer_;
         next = early_answers_.erase(next), ++next_answer_)
        write(next->second);
}

void Peer::on_frame_error(const Error& error, bool fatal) {
    ++queued_messages_;
    finish(next_sequence_++, make_error(nullptr, error), connection_->serialization());
    if (fatal) connection_->close();
}

void Peer::on_input_end() {
    input_ended_ = true;
    fail_all_pending("connection closed by the other side");
    if (input_end_means_gone()) run_closed_callbacks();
    // Each request received is answered first: the last answer closes (finish()).
    if (queued_messages_ == 0) close_once();
}

void Peer::close_once() {
    if (!close_requested_.exchange(true)) connection_->close();
}

}  // namespace rpcforge
