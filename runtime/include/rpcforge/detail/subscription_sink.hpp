#pragma once
/// The server side of one subscription, untyped: what Subscription<T> (subscription.hpp) wraps.
/// Users do not name it.

#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rpcforge {

class Peer;

/// What a subscription does with an item that finds its queue full (docs/subscriptions.md).
enum class WhenFull {
    /// try_send() returns false and drops nothing itself; async_send() and send() wait for room.
    wait,
    /// The subscription ends with error_code::subscriber_too_slow: a slow reader is cut off, as
    /// Ethereum nodes drop a subscriber whose buffer grows too big.
    end,
};

struct SubscriptionOptions {
    /// Items sent and not yet written to the connection's socket (or not yet sent at all,
    /// before the subscribe call is answered), per subscription.
    std::size_t max_queued_items = 64;
    WhenFull when_full = WhenFull::wait;
};

namespace error_code {
/// The connection cannot carry what the server sends on its own (HTTP: the server only answers).
inline constexpr int cannot_push = -32070;
/// WhenFull::end: the subscriber read too slowly and the server ended the subscription.
inline constexpr int subscriber_too_slow = -32071;
/// The client's stream buffer was full (StreamOptions::max_buffered_items): the client ended it.
inline constexpr int stream_lagged = -32072;
}  // namespace error_code

namespace detail {

class SubscriptionRegistry;

/// One subscription's state on the server: its queue count, its phase, who waits for room.
/// Thread-safe. Items are JSON by now; Subscription<T> encodes them.
class SubscriptionSink : public std::enable_shared_from_this<SubscriptionSink> {
public:
    /// Receives false when the subscription ended first; true when there is room, with the item
    /// back when the receiver must now send it itself (send_reserved) before anything else.
    /// Items go out from the producer's thread, never from the connection's I/O thread: Asio
    /// queues what an I/O thread posts behind what other threads post meanwhile, so an item
    /// sent from there could be overtaken by the producer's next item or its end.
    using Sent = std::function<void(bool queued, std::optional<json> to_send)>;

    SubscriptionSink(std::shared_ptr<Peer> peer, std::string method, std::string id, SubscriptionOptions options,
                     std::shared_ptr<SubscriptionRegistry> registry);
    ~SubscriptionSink();
    SubscriptionSink(const SubscriptionSink&) = delete;
    SubscriptionSink& operator=(const SubscriptionSink&) = delete;

    /// Watches the connection, so that a subscriber who disconnects cancels (once shared).
    void watch_connection();
    /// The subscribe call has been answered: items and an end held back until now go out.
    void opened();
    /// The subscribe call failed: nothing was ever announced, nothing is sent.
    void discard();

    bool try_push(json item);
    /// Reserves room for `item` now if there is some, else once there is (in order with other
    /// waiters); `sent` runs once, from this thread (room now) or the thread that freed it.
    void push_when_room(json item, Sent sent);
    /// Sends an item push_when_room() reserved room for (held back while opening).
    void send_reserved(json item);
    /// Ends the subscription from the producer's side: `.end`, with `error` when it failed.
    void end(std::optional<Error> error);
    /// Ends it for the subscriber's sake (unsubscribe, disconnect): no `.end`, on_cancel runs.
    void cancel();
    void on_cancel(std::function<void()> callback);

    bool is_active() const;
    std::size_t queued() const;
    const std::string& id() const { return id_; }
    const std::string& method() const { return method_; }
    bool belongs_to(const Peer* peer) const;

private:
    enum class Phase { opening, open, ended };
    struct Waiter {
        json item;
        Sent sent;
    };

    /// Under mutex_: queues one item (room was checked), holding it back while opening.
    void take_locked(json item, std::vector<json>& to_send);
    /// Writes items and an end through the connection; under send_mutex_ so they keep order.
    void send_out(std::vector<json> items, std::optional<json> end_params);
    void on_written();
    /// Under mutex_: marks ended and hands back what must be told outside the lock.
    void finish_locked(std::vector<Sent>& refused, std::vector<std::function<void()>>& cancelled, bool run_cancel);
    static void tell(std::vector<Sent>& refused, std::vector<std::function<void()>>& cancelled);
    json end_params(const std::optional<Error>& error) const;

    std::weak_ptr<Peer> peer_;
    const Peer* peer_address_;  // identity only, for unsubscribe from the same connection
    const std::string method_;
    const std::string id_;
    const SubscriptionOptions options_;
    std::weak_ptr<SubscriptionRegistry> registry_;

    mutable std::mutex mutex_;
    Phase phase_ = Phase::opening;
    std::size_t in_flight_ = 0;                // queued and not yet written
    std::vector<json> held_;                   // items before the subscribe call was answered
    std::optional<json> held_end_;             // an end before the subscribe call was answered
    std::deque<Waiter> waiters_;               // async_send()s waiting for room
    std::vector<std::function<void()>> cancel_callbacks_;
    bool cancelled_ = false;
    std::shared_ptr<void> closed_watch_;       // Peer::when_closed's handle

    std::mutex send_mutex_;  // taken after mutex_, never before it
};

/// The subscriptions of one method, by id, so that `<method>.unsubscribe` finds them.
class SubscriptionRegistry {
public:
    void add(const std::shared_ptr<SubscriptionSink>& sink);
    void erase(const std::string& id);
    /// Cancels subscription `id` if `peer` made it; false when there is none such.
    bool cancel(const std::string& id, const Peer* peer);
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::weak_ptr<SubscriptionSink>> sinks_;
};

/// A fresh subscription id: 128 random bits as hex, so no client guesses another's.
std::string new_subscription_id();

/// Ends the subscription when the last Subscription<T> copy is dropped without close(): the
/// client is told (-32603), not left waiting, as a Reply dropped unanswered answers -32603.
class SinkOwner {
public:
    explicit SinkOwner(std::shared_ptr<SubscriptionSink> sink) : sink_(std::move(sink)) {}
    ~SinkOwner();
    SinkOwner(const SinkOwner&) = delete;
    SinkOwner& operator=(const SinkOwner&) = delete;
    SubscriptionSink& sink() const { return *sink_; }
    const std::shared_ptr<SubscriptionSink>& shared() const { return sink_; }

private:
    std::shared_ptr<SubscriptionSink> sink_;
};

}  // namespace detail
}  // namespace rpcforge
