#pragma once
/// The calling side of a connection, as generated clients see it.

#include <rpcforge/json.hpp>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace rpcforge {

struct CallOptions {
    /// How long to wait for the answer; unset uses the channel's default.
    std::optional<std::chrono::milliseconds> timeout{};
    /// The method may run twice with no harm (declared with x-rpcforge-idempotent or
    /// RPCFORGE_IDEMPOTENT; generated clients set it). A channel that fails over between
    /// servers (docs/scale-out.md) sends such a call again to another server when its
    /// connection is lost before the answer; any other call only when it was never sent.
    bool idempotent = false;
};

/// Calls and notifications to send together as one JSON-RPC batch.
class Batch {
public:
    struct Entry {
        std::string method;
        json params;
        bool is_notification;
    };

    /// Adds a call; its answer is the future at the same position among the calls.
    Batch& call(std::string method, json params = nullptr) {
        entries_.push_back({std::move(method), std::move(params), false});
        return *this;
    }
    Batch& notify(std::string method, json params = nullptr) {
        entries_.push_back({std::move(method), std::move(params), true});
        return *this;
    }
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

/// A connection's calling side. Futures fail with rpcforge::Error (the server's error answer),
/// ConnectionError or TimeoutError.
class Channel {
public:
    virtual ~Channel() = default;

    virtual std::future<json> call_async(const std::string& method, json params = nullptr,
                                         CallOptions options = {}) = 0;
    /// Fire and forget: no id, no answer.
    virtual void notify(const std::string& method, json params = nullptr) = 0;
    /// Sends every entry in one message. One future per call(), in order; each succeeds or
    /// fails alone. An all-notification batch gives no futures.
    virtual std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options = {}) = 0;

    /// Blocks for the answer. Do not call from a handler running on the connection's I/O thread.
    json call(const std::string& method, json params = nullptr, CallOptions options = {}) {
        return call_async(method, std::move(params), options).get();
    }
};

}  // namespace rpcforge
