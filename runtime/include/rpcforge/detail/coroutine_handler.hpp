#pragma once
/// Adapts coroutine handlers, callables returning `boost::asio::awaitable<T>`, to the
/// dispatcher's asynchronous form: the coroutine starts on a strand of the connection's handler
/// pool, holds no thread while it waits (on other services, timers, sockets), answers when it
/// co_returns, and is cancelled when its client disconnects.

#include <rpcforge/context.hpp>
#include <rpcforge/detail/typed_handler.hpp>
#include <rpcforge/reply.hpp>

#include <boost/asio/awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace rpcforge::detail {

template <class T>
inline constexpr bool is_awaitable = false;
template <class T, class Executor>
inline constexpr bool is_awaitable<boost::asio::awaitable<T, Executor>> = true;

template <class F>
inline constexpr bool is_coroutine = is_awaitable<typename callable_traits<F>::result>;

template <class T>
struct awaited;
template <class T, class Executor>
struct awaited<boost::asio::awaitable<T, Executor>> {
    using type = T;
};

/// Starts `coroutine`, the whole of one call, for the connection `context` came on: on a strand
/// of that connection's handler pool (of a pool of the process's own without a connection),
/// with a cancellation signal emitted when the connection closes.
void spawn_handler(const CallContext& context, boost::asio::awaitable<void> coroutine);

/// Runs `body` and answers with its value, or with what it threw.
template <class T>
boost::asio::awaitable<void> answer_when_done(boost::asio::awaitable<T> body, Reply<T> reply) {
    std::exception_ptr failure;
    if constexpr (std::is_void_v<T>) {
        try {
            co_await std::move(body);
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure) co_return reply.fail(failure);
        reply();
    } else {
        std::optional<T> value;
        try {
            value.emplace(co_await std::move(body));
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure) co_return reply.fail(failure);
        reply(*value);
    }
}

/// Parameters a coroutine keeps across its suspensions: values only. A reference would point
/// into the call's message, gone once the coroutine first waits; so would the CallContext.
template <class Tuple>
inline constexpr bool takes_values_only = false;
template <class... A>
inline constexpr bool takes_values_only<std::tuple<A...>> =
    ((!std::is_reference_v<A> && !std::is_same_v<std::remove_cv_t<A>, CallContext>) && ...);

/// Wraps `fn`, a coroutine, as void(params, context, Reply<json>).
template <class F, std::size_t N>
auto make_coroutine_handler(F fn, std::array<std::string, N> names) {
    using traits = callable_traits<F>;
    using T = typename awaited<typename traits::result>::type;
    static_assert(takes_values_only<typename traits::args>,
                  "a coroutine handler takes its parameters by value (references would dangle once it waits), "
                  "and no CallContext (it is valid only until the coroutine first waits)");
    return [fn = std::move(fn), names = std::move(names)](const json& params, CallContext& context,
                                                          Reply<json> reply) mutable {
        auto body = call_with_params<typename traits::args>(fn, names, params, context);
        spawn_handler(context, answer_when_done<T>(std::move(body), Reply<T>(reply.state())));
    };
}

}  // namespace rpcforge::detail

namespace rpcforge::generated {

/// Runs a generated service's coroutine method for one call and answers through `reply`.
template <class T>
void run_coroutine(const CallContext& context, boost::asio::awaitable<T> body, Reply<T> reply) {
    detail::spawn_handler(context, detail::answer_when_done<T>(std::move(body), std::move(reply)));
}

}  // namespace rpcforge::generated
