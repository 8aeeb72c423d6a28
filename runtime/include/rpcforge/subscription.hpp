#pragma once
/// Typed subscriptions (docs/subscriptions.md): a method that answers with a stream of items.
///
/// Server: a handler takes a trailing Subscription<T>, the sink it sends items through.
/// Client: subscribe<T>() calls the method and returns a Stream<T> to read them from.
///
/// On the wire, subscribing is a call of the method answered with a subscription id (a string);
/// items are notifications `<method>.item` {"subscription": id, "item": value}; the server ends
/// it with `<method>.end` {"subscription": id[, "error": {code, message}]}; the client leaves
/// with the call `<method>.unsubscribe` {"subscription": id} -> true (false: no such id).

#include <rpcforge/channel.hpp>
#include <rpcforge/convert.hpp>
#include <rpcforge/detail/stream_state.hpp>
#include <rpcforge/detail/subscription_sink.hpp>
#include <rpcforge/detail/typed_handler.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/service_binding.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <array>
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace rpcforge {

namespace detail {
/// The executor a completion handler runs on, counting as work until the operation completes, so
/// that an io_context whose coroutine waits for an item or for room does not run out of work.
template <class Handler>
auto tracked_executor_of(const Handler& handler) {
    return boost::asio::prefer(boost::asio::get_associated_executor(handler),
                               boost::asio::execution::outstanding_work.tracked);
}
}  // namespace detail

// ---- server side ----------------------------------------------------------------------------

/// The sink of one subscription, kept by the handler that started it (copies share it). Every
/// member is safe from any thread. At most SubscriptionOptions::max_queued_items items are
/// queued and not yet written to the socket; past that the options' WhenFull decides.
template <class T>
class Subscription {
public:
    explicit Subscription(std::shared_ptr<detail::SinkOwner> owner) : owner_(std::move(owner)) {}

    /// Queues `item` if there is room; false when the queue is full (nothing is sent: the
    /// producer drops or keeps the item) or the subscription has ended.
    bool try_send(const T& item) const { return sink().try_push(to_json_value(item)); }

    /// Queues `item` once there is room. Completes with true when queued, false when the
    /// subscription ended first (the subscriber left): `while (co_await sink.async_send(x,
    /// asio::use_awaitable))`. Signature void(bool); any Asio completion token.
    template <class Token>
    auto async_send(const T& item, Token&& token) const {
        return boost::asio::async_initiate<Token, void(bool)>(
            [sink = owner_->shared()](auto handler, json value) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                auto executor = detail::tracked_executor_of(*shared);
                sink->push_when_room(std::move(value), [shared, executor, sink](bool queued, std::optional<json> item) {
                    // The item goes out from the producer's executor, before it hears of the room.
                    boost::asio::post(executor, [shared, sink, queued, item = std::move(item)]() mutable {
                        if (item) sink->send_reserved(std::move(*item));
                        std::move (*shared)(queued);
                    });
                });
            },
            token, to_json_value(item));
    }

    /// Blocks until `item` is queued (true) or the subscription ended (false). Never call it on
    /// the connection's I/O thread: that thread writes the items that make room.
    bool send(const T& item) const {
        std::promise<std::pair<bool, std::optional<json>>> done;
        auto room = done.get_future();
        sink().push_when_room(to_json_value(item), [&done](bool queued, std::optional<json> reserved) {
            done.set_value({queued, std::move(reserved)});
        });
        auto [queued, reserved] = room.get();
        if (reserved) sink().send_reserved(std::move(*reserved));  // from this thread: see SubscriptionSink::Sent
        return queued;
    }

    /// Ends the subscription: the client's stream ends after the items queued before.
    void close() const { sink().end(std::nullopt); }
    /// Ends it with an error, which the client's stream throws after the items queued before.
    void fail(Error error) const { sink().end(std::move(error)); }

    /// False once it has ended: closed, failed, or the subscriber left.
    bool is_active() const { return sink().is_active(); }
    /// Runs `callback` once when the subscriber leaves (unsubscribes or disconnects) or the
    /// server cuts it off (WhenFull::end); not for close() or fail(). At once if it has left.
    void on_cancel(std::function<void()> callback) const { sink().on_cancel(std::move(callback)); }
    /// Items queued and not yet written.
    std::size_t queued() const { return sink().queued(); }
    const std::string& id() const { return sink().id(); }

private:
    detail::SubscriptionSink& sink() const { return owner_->sink(); }
    std::shared_ptr<detail::SinkOwner> owner_;
};

namespace detail {

template <class T>
inline constexpr bool is_subscription = false;
template <class T>
inline constexpr bool is_subscription<Subscription<T>> = true;

/// Starts one subscription: reads the params and hands the sink to the producer.
using StartSubscription = std::function<void(const json& params, CallContext& context,
                                             std::shared_ptr<SinkOwner> sink)>;

/// The two handlers of a subscription method: the subscribe call and `<method>.unsubscribe`.
struct SubscriptionHandlers {
    Dispatcher::AsyncHandler subscribe;
    Dispatcher::Handler unsubscribe;
};
SubscriptionHandlers make_subscription_handlers(const std::string& method, SubscriptionOptions options,
                                                StartSubscription start);

template <class F, std::size_t N>
StartSubscription make_typed_start(F fn, std::array<std::string, N> names) {
    using split = split_reply<typename callable_traits<F>::args>;
    using Sink = typename split::reply;
    static_assert(is_subscription<Sink>, "a subscription handler's last parameter is rpcforge::Subscription<T>");
    static_assert(std::is_void_v<typename callable_traits<F>::result>, "a subscription handler returns void");
    return [fn = std::move(fn), names = std::move(names)](const json& params, CallContext& context,
                                                          std::shared_ptr<SinkOwner> sink) mutable {
        call_with_params<typename split::args>(fn, names, params, context, Sink(std::move(sink)));
    };
}

}  // namespace detail

/// Registers a subscription method, written by hand: `fn` takes the JSON parameters (named by
/// `names`, a leading CallContext& allowed) and a trailing Subscription<T>, keeps the sink and
/// returns. Also registers `<method>.unsubscribe`. Items sent before `fn` returns wait until the
/// subscribe call is answered; if `fn` throws, the call fails and nothing is sent.
template <class F, std::size_t N>
void add_subscription(Dispatcher& dispatcher, const std::string& method, const char* const (&names)[N], F fn,
                      SubscriptionOptions options = {}) {
    std::array<std::string, N> named;
    for (std::size_t i = 0; i < N; ++i) named[i] = names[i];
    auto handlers = detail::make_subscription_handlers(method, options, detail::make_typed_start(std::move(fn), named));
    dispatcher.add_async(method, std::move(handlers.subscribe));
    dispatcher.add_untyped(method + ".unsubscribe", std::move(handlers.unsubscribe));
}
/// A subscription method that takes no parameters.
template <class F>
void add_subscription(Dispatcher& dispatcher, const std::string& method, F fn, SubscriptionOptions options = {}) {
    auto handlers = detail::make_subscription_handlers(
        method, options, detail::make_typed_start(std::move(fn), std::array<std::string, 0>{}));
    dispatcher.add_async(method, std::move(handlers.subscribe));
    dispatcher.add_untyped(method + ".unsubscribe", std::move(handlers.unsubscribe));
}
/// The same on a ServiceBinding, as generated bindings do; `start` reads the params itself.
void add_subscription(ServiceBinding& binding, const std::string& method, detail::StartSubscription start,
                      SubscriptionOptions options = {});

namespace generated {
/// What a generated binding hands its implementation's Subscription<T>.
using SinkHandle = std::shared_ptr<detail::SinkOwner>;
}  // namespace generated

// ---- client side ----------------------------------------------------------------------------

/// The items of one subscription, as the client reads them. Move-only; destroying it (or
/// unsubscribe()) leaves the subscription. It must not outlive the channel it came from.
template <class T>
class Stream {
public:
    explicit Stream(std::shared_ptr<detail::StreamState> state) : state_(std::move(state)) {}
    Stream(Stream&&) noexcept = default;
    Stream& operator=(Stream&& other) noexcept {
        if (this != &other) {
            leave();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    ~Stream() { leave(); }

    /// The next item; nullopt once the stream has ended (the server closed it, or this side
    /// unsubscribed). An end by failure throws rpcforge::Error (the server's, or
    /// error_code::stream_lagged) once the items before it are read. Signature
    /// void(std::exception_ptr, std::optional<T>): `co_await stream.next(asio::use_awaitable)`.
    /// One next() at a time.
    template <class Token>
    auto next(Token&& token) {
        return boost::asio::async_initiate<Token, void(std::exception_ptr, std::optional<T>)>(
            [](auto handler, std::shared_ptr<detail::StreamState> state) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                auto executor = detail::tracked_executor_of(*shared);
                state->take([shared, executor](std::exception_ptr error, std::optional<json> item) {
                    std::optional<T> value;
                    if (item && !error) {
                        try {
                            value.emplace(convert<T>(*item, "item"));
                        } catch (...) {
                            error = std::current_exception();
                        }
                    }
                    boost::asio::post(executor, [shared, error, value = std::move(value)]() mutable {
                        std::move (*shared)(error, std::move(value));
                    });
                });
            },
            token, state_);
    }
    /// Blocks for the next item. Not from the client's handler thread (it delivers the items).
    std::optional<T> next() {
        std::promise<std::optional<T>> done;
        auto answer = done.get_future();
        state_->take([&done](std::exception_ptr error, std::optional<json> item) {
            try {
                if (error) std::rethrow_exception(error);
                done.set_value(item ? std::optional<T>(convert<T>(*item, "item")) : std::nullopt);
            } catch (...) {
                done.set_exception(std::current_exception());
            }
        });
        return answer.get();
    }

    /// Leaves the subscription: `<method>.unsubscribe` goes to the server, next() gives
    /// nullopt from now on. Returns at once.
    void unsubscribe() { state_->unsubscribe(); }
    const std::string& id() const { return state_->id(); }

private:
    void leave() {
        if (state_) state_->unsubscribe();
    }
    std::shared_ptr<detail::StreamState> state_;
};

struct StreamOptions {
    /// Items received and not yet read by next(). When one more comes, the stream ends with
    /// error_code::stream_lagged (after the items buffered) and leaves the subscription.
    std::size_t max_buffered_items = 1024;
    /// Options of the subscribe call.
    CallOptions call{};
};

/// Lets `handlers` (the client's ClientOptions::handlers) receive the items and the end of the
/// subscriptions of `method`: registers `<method>.item` and `<method>.end` on it. Call once per
/// method and dispatcher, before the client is made.
void route_streams(Dispatcher& handlers, const std::string& method);

namespace detail {

template <class T>
void forward_next(std::shared_ptr<Stream<T>> from, Subscription<T> into) {
    from->next([from, into](std::exception_ptr error, std::optional<T> item) {
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const Error& failure) {
                into.fail(failure);
            } catch (const std::exception& failure) {
                into.fail(Error(error_code::internal_error, "Internal error", failure.what()));
            }
            return;
        }
        if (!item) return into.close();
        into.async_send(*item, [from, into](bool sent) {
            if (sent) forward_next(from, into);
        });
    });
}

}  // namespace detail

/// Serves `into` with the items of `from`, in order, waiting for room in `into` (so a slow
/// subscriber of `into` slows the reading of `from`); `from`'s end ends `into` the same way, and
/// `into`'s subscriber leaving leaves `from`. Returns at once. What a generated client does when
/// it stands in for a service in a local server (a gateway). The channel of `from` must outlive it.
template <class T>
void forward(Stream<T> from, Subscription<T> into) {
    auto stream = std::make_shared<Stream<T>>(std::move(from));
    into.on_cancel([weak = std::weak_ptr<Stream<T>>(stream)] {
        if (auto leaving = weak.lock()) leaving->unsubscribe();
    });
    detail::forward_next(std::move(stream), std::move(into));
}

namespace detail {
/// The subscribe call, untyped: blocks for the id, then routes the items to the returned state.
std::shared_ptr<StreamState> subscribe(Channel& channel, const std::string& method, json params,
                                       const StreamOptions& options);
}  // namespace detail

/// Subscribes: calls `method` and returns the stream of its items. Throws what the call throws
/// (rpcforge::Error -32070 over HTTP, which cannot push), and std::logic_error when no
/// dispatcher routes the method's items (route_streams).
template <class T>
Stream<T> subscribe(Channel& channel, const std::string& method, json params = nullptr, StreamOptions options = {}) {
    return Stream<T>(detail::subscribe(channel, method, std::move(params), options));
}

}  // namespace rpcforge
