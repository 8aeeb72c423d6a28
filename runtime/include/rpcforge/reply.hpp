#pragma once
/// The answer of a call whose handler finishes later: an asynchronous handler returns at once,
/// without holding a thread, and answers through its Reply when the work is done.

#include <rpcforge/convert.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <utility>

namespace rpcforge {

namespace detail {

/// Where one call's outcome goes. The first outcome is delivered; the last copy of a Reply
/// that never answered delivers -32603, so no call is left without an answer.
class ReplyState {
public:
    /// Receives a result (error null) or an error (result unused).
    using Deliver = std::function<void(json result, std::exception_ptr error)>;

    explicit ReplyState(Deliver deliver) : deliver_(std::move(deliver)) {}
    ~ReplyState();
    ReplyState(const ReplyState&) = delete;
    ReplyState& operator=(const ReplyState&) = delete;

    /// Throws std::logic_error when the call was answered already.
    void deliver(json result, std::exception_ptr error);

private:
    std::atomic<bool> answered_{false};
    Deliver deliver_;
};

}  // namespace detail

/// Answers one call, exactly once, from any thread. Copies share the one answer. A Reply
/// destroyed without answering answers -32603 "Internal error" (a handler that lost track of
/// its call must not leave the client waiting). A second answer throws std::logic_error.
template <class T>
class Reply {
public:
    explicit Reply(std::shared_ptr<detail::ReplyState> state) : state_(std::move(state)) {}
    /// A reply that hands its answer to `deliver`: to call an asynchronous implementation
    /// directly, in process (the dispatcher makes the replies of remote calls).
    static Reply with(detail::ReplyState::Deliver deliver) {
        return Reply(std::make_shared<detail::ReplyState>(std::move(deliver)));
    }

    /// Answers with `value`, encoded as to_json_value encodes it.
    void operator()(const T& value) const { state_->deliver(to_json_value(value), nullptr); }
    /// Answers with an error: an rpcforge::Error goes on the wire as it is; anything else
    /// becomes -32603, as a synchronous handler's exception would.
    void fail(Error error) const { fail(std::make_exception_ptr(std::move(error))); }
    void fail(std::exception_ptr error) const { state_->deliver(nullptr, std::move(error)); }

    /// The shared answer, to make a Reply of another type for the same call (adapters do).
    const std::shared_ptr<detail::ReplyState>& state() const { return state_; }

private:
    std::shared_ptr<detail::ReplyState> state_;
};

/// The answer of a method without a result: a call answers null, a notification nothing.
template <>
class Reply<void> {
public:
    explicit Reply(std::shared_ptr<detail::ReplyState> state) : state_(std::move(state)) {}
    static Reply with(detail::ReplyState::Deliver deliver) {
        return Reply(std::make_shared<detail::ReplyState>(std::move(deliver)));
    }

    void operator()() const { state_->deliver(nullptr, nullptr); }
    void fail(Error error) const { fail(std::make_exception_ptr(std::move(error))); }
    void fail(std::exception_ptr error) const { state_->deliver(nullptr, std::move(error)); }

    /// The shared answer, to make a Reply of another type for the same call (adapters do).
    const std::shared_ptr<detail::ReplyState>& state() const { return state_; }

private:
    std::shared_ptr<detail::ReplyState> state_;
};

}  // namespace rpcforge
