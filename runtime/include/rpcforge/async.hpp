#pragma once
/// Calls with Asio completion tokens: the same call as Channel::call and call_async, completed
/// the way the caller's code waits. With `boost::asio::use_awaitable` a coroutine co_awaits it,
/// with `use_future` it is a std::future, with `deferred` an operation to launch later, with a
/// callback `void(std::exception_ptr, json)` it calls back; any token Asio knows works
/// (docs/async.md). The answer is delivered on the token's associated executor (a coroutine
/// resumes on its own), or, for a plain callback, on the channel's I/O thread.
///
/// Cancellation follows Asio's: emitting on the token's cancellation slot (e.g. an
/// `awaitable_operators` race, or `bind_cancellation_slot`) completes the call at once with
/// boost::system::system_error(operation_aborted); an answer that comes later is dropped.
/// JSON-RPC has no way to stop a call the server has started, so the server still runs it.

#include <rpcforge/channel.hpp>
#include <rpcforge/convert.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace rpcforge {

namespace detail {

/// One call's handler, completed once by whichever comes first: the answer or a cancellation.
/// Until then it keeps the handler's executor from running out of work (an io_context whose
/// only pending work is this call must not return from run()); and until the completion has
/// been handed over, so that the io_context cannot be destroyed while this thread still hands
/// it the completion.
template <class Handler, class Result>
class AsyncCallState {
public:
    explicit AsyncCallState(Handler handler)
        : handler_(std::move(handler)),
          work_(boost::asio::prefer(boost::asio::get_associated_executor(*handler_),
                                    boost::asio::execution::outstanding_work.tracked)) {}

    Handler& handler() { return *handler_; }

    /// The outcome: `error` set, or the result (none for a Result of void).
    template <class... Value>
    void complete(std::exception_ptr error, Value&&... value) {
        if (completed_.exchange(true)) return;
        auto executor = boost::asio::get_associated_executor(*handler_);
        boost::asio::dispatch(executor, [handler = std::move(*handler_), error,
                                         ... value = std::forward<Value>(value)]() mutable {
            std::move(handler)(error, std::move(value)...);
        });
        handler_.reset();
        work_.reset();
    }
    void fail(std::exception_ptr error) {
        if constexpr (std::is_void_v<Result>)
            complete(std::move(error));
        else
            complete(std::move(error), Result{});
    }

private:
    std::atomic<bool> completed_{false};
    std::optional<Handler> handler_;
    std::optional<std::decay_t<decltype(boost::asio::prefer(
        std::declval<boost::asio::associated_executor_t<Handler>>(),
        boost::asio::execution::outstanding_work.tracked))>>
        work_;
};

template <class Result>
using AsyncCallSignature =
    std::conditional_t<std::is_void_v<Result>, void(std::exception_ptr), void(std::exception_ptr, Result)>;

/// Sends the call through `channel` and completes `handler` with `decode(result)`, or with
/// `translate(failure)` (a decode that throws fails the call with what it threw).
template <class Result, class Handler, class Decode, class Translate>
void start_async_call(Channel& channel, const std::string& method, json params, const CallOptions& options,
                      Handler handler, Decode decode, Translate translate) {
    using State = AsyncCallState<Handler, Result>;
    auto state = std::make_shared<State>(std::move(handler));
    auto slot = boost::asio::get_associated_cancellation_slot(state->handler());
    if (slot.is_connected())
        slot.assign([weak = std::weak_ptr<State>(state)](boost::asio::cancellation_type) {
            if (auto cancelled = weak.lock())
                cancelled->fail(std::make_exception_ptr(
                    boost::system::system_error(boost::asio::error::operation_aborted, "call cancelled")));
        });
    channel.call_then(
        method, std::move(params),
        [state, decode = std::move(decode), translate = std::move(translate)](json result,
                                                                            std::exception_ptr error) mutable {
            if (error) return state->fail(translate(std::move(error)));
            try {
                if constexpr (std::is_void_v<Result>) {
                    decode(std::move(result));
                    state->complete(nullptr);
                } else {
                    state->complete(nullptr, decode(std::move(result)));
                }
            } catch (...) {
                state->fail(std::current_exception());
            }
        },
        options);
}

}  // namespace detail

/// Calls `method` and completes `token` with `void(std::exception_ptr, json)`: the error (an
/// rpcforge::Error answered by the server, TimeoutError, ConnectionError) or the result.
template <class CompletionToken>
auto async_call(Channel& channel, std::string method, json params, CallOptions options, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(std::exception_ptr, json)>(
        [&channel](auto handler, std::string method, json params, CallOptions options) {
            detail::start_async_call<json>(
                channel, method, std::move(params), options, std::move(handler), [](json result) { return result; },
                [](std::exception_ptr error) { return error; });
        },
        token, std::move(method), std::move(params), options);
}

template <class CompletionToken>
auto async_call(Channel& channel, std::string method, json params, CompletionToken&& token) {
    return async_call(channel, std::move(method), std::move(params), CallOptions{},
                      std::forward<CompletionToken>(token));
}

}  // namespace rpcforge
