#pragma once
/// The calling side of a connection, as generated clients see it.

#include <rpcforge/json.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace rpcforge {

struct CallOptions {
    /// How long to wait for the answer; unset uses the channel's default.
    std::optional<std::chrono::milliseconds> timeout{};
    /// When the answer must have come: a handler passes its own deadline on to the calls it
    /// makes. With a timeout too, the call fails at whichever comes first (TimeoutError).
    std::optional<std::chrono::steady_clock::time_point> deadline{};
    /// The method may run twice with no harm (declared with x-rpcforge-idempotent or
    /// RPCFORGE_IDEMPOTENT; generated clients set it). A channel that fails over between
    /// servers (docs/scale-out.md) sends such a call again to another server when its
    /// connection is lost before the answer; any other call only when it was never sent.
    bool idempotent = false;

    /// How long the call may wait from now: the earlier of its timeout (or `default_timeout`)
    /// and its deadline; zero when the deadline has passed.
    std::chrono::milliseconds time_left(std::chrono::milliseconds default_timeout) const {
        auto left = timeout.value_or(default_timeout);
        if (deadline) {
            auto until = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
            left = std::max(std::chrono::milliseconds(0), std::min(left, until));
        }
        return left;
    }
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

/// A connection's calling side. Calls fail with rpcforge::Error (the server's error answer),
/// ConnectionError or TimeoutError.
///
/// A channel's one primitive for calls is call_then(): it completes through a callback, holding
/// no thread while it waits. Futures (call_async), blocking calls (call) and Asio completion
/// tokens (rpcforge/async.hpp: co_await, use_future, deferred) are all built on it.
class Channel {
public:
    /// What a call that completes through a callback receives: its result, or (error set)
    /// the error it failed with (rpcforge::Error, TimeoutError, ConnectionError).
    using Completion = std::function<void(json result, std::exception_ptr error)>;

    virtual ~Channel() = default;

    /// Calls and returns at once; `done` runs exactly once, on a thread of the channel's (its
    /// I/O thread, typically), with the answer or the failure. It may run before call_then
    /// returns (a call that cannot be sent), so it must not take a lock the caller holds.
    /// Throws only for a call this channel can never make (a server's HTTP client connection).
    virtual void call_then(const std::string& method, json params, Completion done, CallOptions options = {}) = 0;
    /// The call's future; the default is call_then() completing a promise.
    virtual std::future<json> call_async(const std::string& method, json params = nullptr, CallOptions options = {});
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

inline std::future<json> Channel::call_async(const std::string& method, json params, CallOptions options) {
    auto promise = std::make_shared<std::promise<json>>();
    auto answer = promise->get_future();
    call_then(
        method, std::move(params),
        [promise](json result, std::exception_ptr error) {
            if (error)
                promise->set_exception(std::move(error));
            else
                promise->set_value(std::move(result));
        },
        options);
    return answer;
}

}  // namespace rpcforge
