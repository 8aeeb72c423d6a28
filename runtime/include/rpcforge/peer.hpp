#pragma once
/// One JSON-RPC connection seen from either side: incoming requests go to a dispatcher,
/// outgoing calls wait in an id table for their answers. Servers and clients both use it,
/// so either side may call the other.

#include <rpcforge/channel.hpp>
#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/protocol.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace rpcforge {

class Metrics;
namespace detail {
class SpreadBytes;
}

enum class Direction { incoming, outgoing };

struct PeerOptions {
    ProtocolOptions protocol{};
    /// Timeout of calls that do not set their own.
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    /// Sees every message as it is sent or received, for logging and debugging: the bytes on
    /// the wire (CBOR and MessagePack messages as their binary bytes).
    std::function<void(Direction, std::string_view message)> trace{};
    /// Whether one connection's requests may run at the same time. Off (the default): they
    /// start one at a time, in arrival order, so a notification that changes state is seen by
    /// the call sent after it. On: they run concurrently, as different connections' do, and
    /// answers leave as they are ready. Either way a batch's members run concurrently.
    bool concurrent_requests = false;
    /// Counts the bytes of the messages in and out (the messages themselves: no framing, TLS or
    /// HTTP) under the connection's transport (Metrics::transports()). A Server sets its own
    /// (ServerOptions::metrics) when this is unset.
    std::shared_ptr<Metrics> metrics{};
};

class Peer final : public Channel, public ConnectionHandler, public std::enable_shared_from_this<Peer> {
public:
    /// `dispatcher` (may be null: every call is then -32601) must outlive the peer.
    /// Requests run on `handler_executor` (see PeerOptions::concurrent_requests), except those
    /// of methods whose policy runs them on the I/O thread; notifications run on
    /// `notification_executor` when one is given, apart from the calls and in no set order.
    Peer(std::shared_ptr<Connection> connection, const Dispatcher* dispatcher,
         boost::asio::any_io_executor handler_executor, PeerOptions options,
         boost::asio::any_io_executor notification_executor = {});
    ~Peer() override;

    /// Starts reading. `on_closed` runs once when the connection is gone.
    void start(std::function<void()> on_closed = {});

    void notify(const std::string& method, json params = nullptr) override;
    /// notify(), and `written` runs on the connection's thread once the notification is written
    /// to the socket (Connection::send_then), for senders that bound what they have queued, as
    /// subscriptions do. Not run when the connection closes first.
    void notify_then(const std::string& method, json params, std::function<void()> written);
    std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options = {}) override;
    /// Calls and returns at once; `done` runs once, on the connection's thread, with the answer
    /// (or the failure). For handlers that forward a call without holding a thread.
    void call_then(const std::string& method, json params, Completion done, CallOptions options = {}) override;

    /// Runs `callback` once when the client is gone, on the I/O thread (or at once, on this
    /// thread, when it is gone already), so that work done for it can stop: coroutine handlers
    /// are cancelled through it, subscriptions end. Gone: the connection closed, or the other
    /// side ended its input (except over stdio, where ending stdin still awaits the answers). Destroying the returned handle
    /// first forgets the callback, so calls that finish leave nothing behind.
    [[nodiscard]] std::shared_ptr<void> when_closed(std::function<void()> callback);

    /// Stops taking requests; closes once the ones already received are answered.
    void close();
    /// Closes at once, dropping unsent answers.
    void abort();
    /// False as soon as the other side has ended its input (no answer can come any more),
    /// not only once this side has finished closing.
    bool is_open() const { return !closed_.load() && !input_ended_.load(); }
    /// Whether this side may call and notify the other (not over HTTP to a client, which
    /// only ever hears answers to its own requests).
    bool can_call() const { return !connection_->answers_only(); }
    /// Where this connection's requests run (a server's handler pool); coroutine handlers
    /// start on a strand of it.
    const boost::asio::any_io_executor& handler_executor() const { return handlers_; }
    /// The transport, the remote address and the verified TLS client certificate's subject.
    const ConnectionInfo& info() const { return *info_; }
    const std::string& remote_address() const { return info_->remote_address; }

private:
    struct Pending;
    struct Gather;

    void on_message(std::string message, std::shared_ptr<MessageContext> context) override;
    void on_frame_error(const Error& error, bool fatal) override;
    void on_input_end() override;
    void on_lost(const std::string& message, const std::string& reason) override;
    void on_not_sent(const std::string& message, const std::string& reason) override;
    void fail_calls_in(const std::string& message, const std::function<std::exception_ptr()>& error);
    void on_closed(const std::string& reason) override;
    bool accepts_input() const override;
    bool busy() const override;

    // incoming (peer_incoming.cpp)
    bool runs_apart(const Incoming& incoming) const;
    bool runs_on_io_thread(const Incoming& incoming, const MessageContext& context) const;
    void run_message(Incoming incoming, std::shared_ptr<MessageContext> context, std::uint64_t sequence, bool in_order);
    void run_batch(Incoming incoming, std::shared_ptr<MessageContext> context, std::uint64_t sequence, bool in_order);
    void run_member(const std::shared_ptr<Gather>& gather, std::size_t index);
    void run_one(const Message& message, const std::shared_ptr<MessageContext>& context, Dispatcher::Answer done);
    void start_in_order(std::function<void()> message);
    void start_next_in_order();
    const Dispatcher* dispatcher_for(const MessageContext& context) const;
    void finish(std::uint64_t sequence, std::optional<json> answer, Serialization serialization);
    void deliver_in_order(std::uint64_t sequence, std::optional<std::string> answer);
    void close_once();
    void run_closed_callbacks();
    void forget_closed_callback(std::uint64_t key);
    bool input_end_means_gone() const;

    // outgoing (peer.cpp)
    void check_can_call() const;
    void complete(const Response& response);
    void expect_answer(std::int64_t id, CallOptions options, Completion done);
    std::future<json> expect_future(std::int64_t id, CallOptions options);
    bool is_pending(std::int64_t id);
    void fail_pending(std::int64_t id, std::exception_ptr error);
    void fail_all_pending(const std::string& reason);
    void send(const json& message, Serialization serialization, std::function<void()> written = nullptr);

    std::shared_ptr<Connection> connection_;
    std::shared_ptr<const ConnectionInfo> info_;
    /// Where this connection's bytes are counted (options_.metrics, which owns it); null when
    /// they are not.
    detail::SpreadBytes* counted_bytes_ = nullptr;
    const Dispatcher* dispatcher_;
    boost::asio::any_io_executor handlers_;
    boost::asio::any_io_executor notifications_;
    // Messages that start one at a time, in arrival order: the next starts once the running
    // one's handlers have returned (an asynchronous one may answer later).
    std::mutex in_order_mutex_;
    std::deque<std::function<void()>> waiting_in_order_;
    bool running_in_order_ = false;
    CallSite::Scheduler resume_on_handlers_;
    PeerOptions options_;
    std::function<void()> on_closed_;

    std::uint64_t next_sequence_ = 0;  // of messages received; on the connection's thread only
    std::mutex answers_mutex_;         // the rest: answers that came before an older one's
    std::uint64_t next_answer_ = 0;
    std::map<std::uint64_t, std::optional<std::string>> early_answers_;
    std::atomic<bool> close_requested_{false};

    std::mutex closed_callbacks_mutex_;  // when_closed()'s; emptied for good once closed_
    std::map<std::uint64_t, std::function<void()>> closed_callbacks_;
    std::uint64_t next_closed_callback_ = 0;

    std::atomic<std::int64_t> next_id_{1};
    std::mutex pending_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<Pending>> pending_;
    std::atomic<std::size_t> queued_messages_{0};  // received, not yet answered (in flight)
    std::atomic<bool> input_ended_{false};
    std::atomic<bool> closed_{false};
};

}  // namespace rpcforge
