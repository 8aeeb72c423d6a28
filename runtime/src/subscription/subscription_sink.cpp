// One subscription on the server: the bounded count of items not yet written, the hold-back
// until the subscribe call is answered, and the two ways it ends (docs/subscriptions.md).

#include <rpcforge/detail/subscription_sink.hpp>
#include <rpcforge/peer.hpp>

#include <exception>

namespace rpcforge::detail {
namespace {

// A queue of no items could send nothing at all.
SubscriptionOptions at_least_one(SubscriptionOptions options) {
    if (options.max_queued_items == 0) options.max_queued_items = 1;
    return options;
}

}  // namespace

SubscriptionSink::SubscriptionSink(std::shared_ptr<Peer> peer, std::string method, std::string id,
                                   SubscriptionOptions options, std::shared_ptr<SubscriptionRegistry> registry)
    : peer_(peer),
      peer_address_(peer.get()),
      method_(std::move(method)),
      id_(std::move(id)),
      options_(at_least_one(options)),
      registry_(registry) {}

SubscriptionSink::~SubscriptionSink() = default;

void SubscriptionSink::watch_connection() {
    auto peer = peer_.lock();
    if (!peer) return cancel();
    // The callback holds the sink weakly: the connection must not keep a finished one alive.
    auto watch = peer->when_closed([weak = weak_from_this()] {
        if (auto self = weak.lock()) self->cancel();
    });
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::ended) closed_watch_ = std::move(watch);
}

void SubscriptionSink::opened() {
    std::lock_guard sending(send_mutex_);
    std::vector<json> items;
    std::optional<json> end;
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::opening) phase_ = Phase::open;
        items.swap(held_);
        end = std::exchange(held_end_, std::nullopt);
    }
    send_out(std::move(items), std::move(end));
}

void SubscriptionSink::discard() {
    std::vector<Sent> refused;
    std::vector<std::function<void()>> dropped;  // not run: the producer ended it
    std::vector<std::function<void()>> none;
    {
        std::lock_guard lock(mutex_);
        held_.clear();
        held_end_.reset();
        finish_locked(refused, dropped, false);
    }
    tell(refused, none);
}

bool SubscriptionSink::try_push(json item) {
    std::vector<json> to_send;
    std::vector<Sent> refused;
    std::vector<std::function<void()>> cancelled;
    bool queued = false;
    std::optional<json> end;
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::ended) return false;
        if (in_flight_ < options_.max_queued_items) {
            take_locked(std::move(item), to_send);
            queued = true;
        } else if (options_.when_full == WhenFull::end) {
            end = end_params(Error(error_code::subscriber_too_slow, "subscriber too slow: " +
                                   std::to_string(options_.max_queued_items) + " items unwritten"));
            if (phase_ == Phase::opening) held_end_ = std::exchange(end, std::nullopt);
            finish_locked(refused, cancelled, true);
        }
    }
    if (!to_send.empty() || end) {
        std::lock_guard sending(send_mutex_);
        send_out(std::move(to_send), std::move(end));
    }
    tell(refused, cancelled);
    return queued;
}

void SubscriptionSink::push_when_room(json item, Sent sent) {
    if (options_.when_full == WhenFull::end) return sent(try_push(std::move(item)), std::nullopt);
    bool reserved = false;
    {
        // One lock from the room check to the reservation: a full queue must never read as an end.
        std::lock_guard lock(mutex_);
        if (phase_ != Phase::ended) {
            if (in_flight_ >= options_.max_queued_items || !waiters_.empty()) {
                waiters_.push_back({std::move(item), std::move(sent)});
                return;
            }
            ++in_flight_;
            reserved = true;
        }
    }
    if (reserved) return sent(true, std::move(item));
    sent(false, std::nullopt);
}

void SubscriptionSink::send_reserved(json item) {
    std::lock_guard sending(send_mutex_);
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::ended) return;  // ended since the room was reserved: dropped
        if (phase_ == Phase::opening) return held_.push_back(std::move(item));
    }
    std::vector<json> items;
    items.push_back(std::move(item));
    send_out(std::move(items), std::nullopt);
}

void SubscriptionSink::end(std::optional<Error> error) {
    std::vector<Sent> refused;
    std::vector<std::function<void()>> dropped;  // not run: the producer ended it
    std::vector<std::function<void()>> none;
    std::optional<json> end;
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::ended) return;
        if (phase_ == Phase::opening)
            held_end_ = end_params(error);
        else
            end = end_params(error);
        finish_locked(refused, dropped, false);
    }
    if (end) {
        std::lock_guard sending(send_mutex_);
        send_out({}, std::move(end));
    }
    tell(refused, none);
}

void SubscriptionSink::cancel() {
    std::vector<Sent> refused;
    std::vector<std::function<void()>> cancelled;
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::ended) return;
        held_.clear();
        held_end_.reset();
        finish_locked(refused, cancelled, true);
    }
    tell(refused, cancelled);
}

void SubscriptionSink::on_cancel(std::function<void()> callback) {
    {
        std::lock_guard lock(mutex_);
        if (!cancelled_) {
            if (phase_ != Phase::ended) cancel_callbacks_.push_back(std::move(callback));
            return;
        }
    }
    callback();
}

bool SubscriptionSink::is_active() const {
    std::lock_guard lock(mutex_);
    return phase_ != Phase::ended;
}

std::size_t SubscriptionSink::queued() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

bool SubscriptionSink::belongs_to(const Peer* peer) const { return peer == peer_address_; }

void SubscriptionSink::take_locked(json item, std::vector<json>& to_send) {
    ++in_flight_;
    if (phase_ == Phase::opening)
        held_.push_back(std::move(item));
    else
        to_send.push_back(std::move(item));
}

void SubscriptionSink::send_out(std::vector<json> items, std::optional<json> end_params) {
    auto peer = peer_.lock();
    if (!peer) return;
    try {
        for (auto& item : items) {
            json params{{"subscription", id_}, {"item", std::move(item)}};
            peer->notify_then(method_ + ".item", std::move(params), [self = shared_from_this()] { self->on_written(); });
        }
        if (end_params) peer->notify(method_ + ".end", std::move(*end_params));
    } catch (const std::exception&) {
        // The connection closed under us: its when_closed cancels this subscription.
    }
}

void SubscriptionSink::on_written() {
    std::vector<Waiter> accepted;
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
        // Room came free: the longest waiting async_send() takes it, in the order they came. Its
        // producer sends the item (see Sent): this is the connection's I/O thread.
        while (phase_ != Phase::ended && !waiters_.empty() && in_flight_ < options_.max_queued_items) {
            ++in_flight_;
            accepted.push_back(std::move(waiters_.front()));
            waiters_.pop_front();
        }
    }
    for (auto& waiter : accepted) waiter.sent(true, std::move(waiter.item));
}

void SubscriptionSink::finish_locked(std::vector<Sent>& refused, std::vector<std::function<void()>>& cancelled,
                                     bool run_cancel) {
    phase_ = Phase::ended;
    for (auto& waiter : waiters_) refused.push_back(std::move(waiter.sent));
    waiters_.clear();
    // Moved out whether they run or not: a callback may hold the last copy of a sink, whose
    // destruction takes mutex_, so none is destroyed under it.
    if (run_cancel) cancelled_ = true;
    cancelled.swap(cancel_callbacks_);
    // Forgetting the watch takes the connection's lock, never ours: safe here.
    closed_watch_.reset();
    if (auto registry = registry_.lock()) registry->erase(id_);
}

void SubscriptionSink::tell(std::vector<Sent>& refused, std::vector<std::function<void()>>& cancelled) {
    for (auto& sent : refused) sent(false, std::nullopt);
    for (auto& callback : cancelled) callback();
}

json SubscriptionSink::end_params(const std::optional<Error>& error) const {
    json params{{"subscription", id_}};
    if (error) params["error"] = error->to_json();
    return params;
}

SinkOwner::~SinkOwner() {
    if (sink_->is_active()) sink_->end(Error(error_code::internal_error, "Internal error: the subscription was dropped"));
}

}  // namespace rpcforge::detail
