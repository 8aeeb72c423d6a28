#pragma once
/// The method table: maps method names to handlers and runs requests against them.

#include <rpcforge/context.hpp>
#include <rpcforge/detail/coroutine_handler.hpp>
#include <rpcforge/detail/typed_handler.hpp>
#include <rpcforge/method_policy.hpp>
#include <rpcforge/middleware.hpp>
#include <rpcforge/protocol.hpp>
#include <rpcforge/reply.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rpcforge {

namespace detail {
class Admission;
class ServiceDescriptions;
}

/// Where a call runs and what it knows of the message that carried it.
struct CallSite {
    /// Schedules work on the handler pool; a call that waited for its turn (MethodPolicy's
    /// cap or exclusive) is resumed through it. Null: it resumes on the thread that let it in.
    using Scheduler = std::function<void(std::function<void()>)>;

    /// The connection the call came on; null when the dispatcher is used without one.
    std::shared_ptr<Peer> peer;
    /// Null: an empty context.
    std::shared_ptr<MessageContext> message;
    const Scheduler* resume_on = nullptr;
};

struct DispatcherOptions {
    /// Put the text of unexpected exceptions (not rpcforge::Error) in -32603 answers.
    /// Off by default: exception texts can leak internals.
    bool expose_exception_messages = false;
};

/// Register every method, and set its policy, before serving starts; lookups are then
/// lock-free reads.
class Dispatcher {
public:
    /// Untyped form: the raw "params" (array, object, or null) in, the result out.
    using Handler = std::function<json(const json& params, CallContext& context)>;
    /// Untyped asynchronous form: returns at once and answers through `reply`, from any thread.
    /// The context is valid until the handler returns; copy from it what the answer needs.
    using AsyncHandler = std::function<void(const json& params, CallContext& context, Reply<json> reply)>;
    /// Receives a call's answer; nullopt for a notification.
    using Answer = std::function<void(std::optional<json> answer)>;

    explicit Dispatcher(DispatcherOptions options = {});
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /// Registers a typed callable (function, lambda, or member function with its object).
    /// `names` names each JSON parameter in order; arguments may come by name or by
    /// position. A leading `CallContext&` parameter receives the call's context. A callable
    /// whose last parameter is `Reply<T>` is asynchronous: it answers through the Reply. One
    /// that returns `boost::asio::awaitable<T>` is a coroutine (docs/async.md): it may co_await
    /// other calls, timers and sockets without holding a thread, and takes its parameters by
    /// value.
    template <class F, std::size_t N>
    void add(std::string method, const char* const (&names)[N], F fn) {
        add_typed(std::move(method), std::move(fn), to_array(names), false);
    }
    /// A method that takes no parameters.
    template <class F>
    void add(std::string method, F fn) {
        add_typed(std::move(method), std::move(fn), std::array<std::string, 0>{}, false);
    }
    template <class R, class C, class... A, std::size_t N>
    void add(std::string method, const char* const (&names)[N], R (C::*member)(A...), C* object) {
        add(std::move(method), names, [member, object](A... a) -> R { return (object->*member)(std::forward<A>(a)...); });
    }

    /// A notification: runs, never answers. (Called with an id, it answers null once run.)
    template <class F, std::size_t N>
    void add_notification(std::string method, const char* const (&names)[N], F fn) {
        add_typed(std::move(method), std::move(fn), to_array(names), true);
    }
    template <class F>
    void add_notification(std::string method, F fn) {
        add_typed(std::move(method), std::move(fn), std::array<std::string, 0>{}, true);
    }

    /// Registers an untyped handler: params and result as JSON (read params with rpcforge::Params
    /// to follow the typed methods' rules).
    void add_untyped(std::string method, Handler handler) { add_entry(std::move(method), {std::move(handler), nullptr}, false); }
    /// Registers an untyped asynchronous handler.
    void add_async(std::string method, AsyncHandler handler) {
        add_entry(std::move(method), {nullptr, std::move(handler)}, false);
    }
    /// The untyped forms of a notification: called with an id anyway, it answers null.
    void add_untyped_notification(std::string method, Handler handler) {
        add_entry(std::move(method), {std::move(handler), nullptr}, true);
    }
    void add_async_notification(std::string method, AsyncHandler handler) {
        add_entry(std::move(method), {nullptr, std::move(handler)}, true);
    }

    /// Adds the OpenRPC document of a service this dispatcher serves (ServiceBinding::add_to does,
    /// for generated services). The first one registers `rpc.discover`, which answers every
    /// document added, merged into one when there are several (docs/dispatch.md). `document` is
    /// asked at each rpc.discover, so a service that is reloaded describes its current build.
    /// Throws std::invalid_argument when `rpc.discover` was registered otherwise.
    void add_description(std::function<json()> document);

    bool has(const std::string& method) const { return methods_.count(method) != 0; }

    /// Sets how the calls of `method` run (by default: on the handler pool, no cap). Throws
    /// std::invalid_argument for a method not registered, and for a policy that runs on the
    /// I/O thread with a cap or exclusively (such a call could not wait without blocking I/O).
    void set_policy(const std::string& method, MethodPolicy policy);
    /// The policy of `method`; the default one for a method not registered.
    const MethodPolicy& policy(const std::string& method) const;

    /// The answers of `method` are never compressed (e.g. its results are compressed data
    /// already, or must not be, as secrets mixed with what an attacker sends: BREACH).
    /// Throws std::invalid_argument for a method not registered.
    void never_compress(const std::string& method);

    /// Adds middleware that runs around every call and notification (see middleware.hpp), after
    /// the middleware added before it. Call before serving starts. Without any (and without
    /// roles) a call pays one branch for the mechanism.
    void use(std::shared_ptr<Middleware> middleware);
    /// Whether calls go through the middleware path (use() or require_roles() was called).
    bool observed() const { return observed_; }

    /// Only callers whose identity (CallContext::identity()) has at least one of `roles` may
    /// call `method`; others are refused before the handler runs: -32001 without an identity,
    /// -32003 with one (HTTP: 401 and 403 for a request that is a single call). The check runs
    /// after every middleware, so middleware that authenticates comes first. An empty list
    /// lifts the requirement. Throws std::invalid_argument for a method not registered.
    void require_roles(const std::string& method, std::vector<std::string> roles);
    /// The roles `method` requires (any one of them); empty when none is.
    const std::vector<std::string>& required_roles(const std::string& method) const;
    /// Calls refused for want of a role (or of an identity) since the dispatcher was made.
    std::uint64_t refused_calls() const { return refused_calls_.load(std::memory_order_relaxed); }

    /// Runs one request under its method's policy and gives its answer to `done`, exactly
    /// once: on this thread for a synchronous handler that may run now, later and on another
    /// thread for an asynchronous one or one that waits for its turn. Never throws: handler
    /// failures become error answers. The thread policy (MethodPolicy::thread) is the caller's
    /// to honour: it chooses the thread it calls dispatch() on.
    void dispatch(const Request& request, const CallSite& site, Answer done) const;

    /// Runs one request and waits for its answer (nothing for a notification). For use
    /// without a connection; servers use dispatch().
    std::optional<json> handle(const Request& request, std::shared_ptr<Peer> peer = nullptr,
                               std::shared_ptr<MessageContext> message = nullptr) const;

private:
    /// A method's handler: exactly one of the two forms is set.
    struct Handlers {
        Handler sync;
        AsyncHandler async;
    };
    struct Entry {
        Handlers handlers;
        /// The process's one copy of the name (Call::registered_method).
        const std::string* interned_name;
        /// Registered as a notification: called with an id anyway, it answers null.
        bool is_notification;
        bool compressible = true;
        MethodPolicy policy;
        std::vector<std::string> roles;
    };

    template <class F, std::size_t N>
    void add_typed(std::string method, F fn, std::array<std::string, N> names, bool is_notification) {
        if constexpr (detail::is_coroutine<F>)
            add_entry(std::move(method), {nullptr, detail::make_coroutine_handler(std::move(fn), std::move(names))},
                      is_notification);
        else if constexpr (detail::is_asynchronous<F>)
            add_entry(std::move(method), {nullptr, detail::make_typed_async_handler(std::move(fn), std::move(names))},
                      is_notification);
        else
            add_entry(std::move(method), {detail::make_typed_handler(std::move(fn), std::move(names)), nullptr},
                      is_notification);
    }
    /// Throws std::invalid_argument when the method is registered already.
    void add_entry(std::string method, Handlers handlers, bool is_notification);
    /// Admission (MethodPolicy's turns), then run(). `call` is null unless observed.
    void admit(const Entry& entry, const Request& request, const CallSite& site, Answer&& done,
               const std::shared_ptr<Call>& call) const;
    void run(const Entry& entry, const Request& request, const CallSite& site, Answer&& done,
             const std::shared_ptr<Call>& call) const;
    using Methods = std::unordered_map<std::string, Entry>;

    /// The middleware path (dispatch/observed.cpp).
    void dispatch_observed(const Request& request, const CallSite& site, Answer&& done) const;
    /// Whether a call of `entry` may be answered after dispatch() returns.
    bool may_finish_later(const Entry& entry) const;
    /// The befores, then admission; `call` is the record the middleware see.
    void observe(const Request& request, const CallSite& site, Methods::const_iterator found,
                 const std::shared_ptr<Call>& call, Answer&& done) const;
    /// Runs the after()s of an observed call whose outcome is `answer`, before the answer goes
    /// to its `done` (dispatch/observed.cpp).
    void complete(Call& call, const std::optional<json>& answer) const;
    void check_roles(const Entry& entry, const CallContext& context) const;
    std::optional<json> error_answer(const Request& request, std::exception_ptr error) const;

    template <std::size_t N>
    static std::array<std::string, N> to_array(const char* const (&names)[N]) {
        std::array<std::string, N> out;
        for (std::size_t i = 0; i < N; ++i) out[i] = names[i];
        return out;
    }

    DispatcherOptions options_;
    Methods methods_;
    /// Turns for capped and exclusive methods; made by the first set_policy that needs it.
    std::unique_ptr<detail::Admission> admission_;
    /// The documents rpc.discover answers; made by the first add_description.
    std::shared_ptr<detail::ServiceDescriptions> descriptions_;
    std::vector<std::shared_ptr<Middleware>> middleware_;
    bool observed_ = false;
    mutable std::atomic<std::uint64_t> refused_calls_{0};
};

}  // namespace rpcforge
