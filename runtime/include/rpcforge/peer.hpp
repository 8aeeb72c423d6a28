#pragma once
/// One JSON-RPC connection seen from either side: incoming requests go to a dispatcher,
/// outgoing calls wait in an id table for their answers. Servers and clients both use it,
/// so either side may call the other.

#include <rpcforge/channel.hpp>
#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/protocol.hpp>

#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace rpcforge {

enum class Direction { incoming, outgoing };

struct PeerOptions {
    ProtocolOptions protocol;
    /// Timeout of calls that do not set their own.
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    /// Sees every message as it is sent or received, for logging and debugging: the bytes on
    /// the wire (CBOR and MessagePack messages as their binary bytes).
    std::function<void(Direction, std::string_view message)> trace;
};

class Peer final : public Channel, public ConnectionHandler, public std::enable_shared_from_this<Peer> {
public:
    /// `dispatcher` (may be null: every call is then -32601) must outlive the peer.
    /// Requests run on `handler_executor`, one at a time and in arrival order per connection.
    Peer(std::shared_ptr<Connection> connection, const Dispatcher* dispatcher,
         boost::asio::any_io_executor handler_executor, PeerOptions options);
    ~Peer() override;

    /// Starts reading. `on_closed` runs once when the connection is gone.
    void start(std::function<void()> on_closed = {});

    std::future<json> call_async(const std::string& method, json params = nullptr, CallOptions options = {}) override;
    void notify(const std::string& method, json params = nullptr) override;
    std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options = {}) override;

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
    /// The transport, the remote address and the verified TLS client certificate's subject.
    const ConnectionInfo& info() const { return *info_; }
    const std::string& remote_address() const { return info_->remote_address; }

private:
    struct Pending;

    void on_message(std::string message, std::shared_ptr<MessageContext> context) override;
    void on_frame_error(const Error& error, bool fatal) override;
    void on_input_end() override;
    void on_lost(const std::string& message, const std::string& reason) override;
    void on_closed(const std::string& reason) override;
    bool accepts_input() const override;

    void run_requests(const Incoming& incoming, MessageContext& context);
    void check_can_call() const;
    void complete(const Response& response);
    std::future<json> expect_answer(std::int64_t id, CallOptions options);
    bool is_pending(std::int64_t id);
    void fail_pending(std::int64_t id, std::exception_ptr error);
    void fail_all_pending(const std::string& reason);
    void send(const json& message, Serialization serialization);

    std::shared_ptr<Connection> connection_;
    std::shared_ptr<const ConnectionInfo> info_;
    const Dispatcher* dispatcher_;
    boost::asio::strand<boost::asio::any_io_executor> requests_;
    PeerOptions options_;
    std::function<void()> on_closed_;

    std::atomic<std::int64_t> next_id_{1};
    std::mutex pending_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<Pending>> pending_;
    std::atomic<std::size_t> queued_messages_{0};  // received, not yet answered
    std::atomic<bool> input_ended_{false};
    std::atomic<bool> closed_{false};
};

}  // namespace rpcforge
