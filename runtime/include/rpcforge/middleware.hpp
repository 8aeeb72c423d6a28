#pragma once
/// Middleware: code that runs before and after every call and notification a Dispatcher runs,
/// over every transport, for synchronous, asynchronous (Reply<T>) and batched calls alike.
/// See docs/dispatch.md.

#include <rpcforge/context.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rpcforge {

/// One call as middleware sees it, from the first before() to the last after(). What an
/// access log or metrics need is here: the method, the outcome, the times, the peer and the
/// identity (in `message`). The dispatcher makes it; what it points to is valid until the last
/// after() returns: copy what you keep longer.
struct Call {
    using Clock = std::chrono::steady_clock;

    /// The method as called (for a registered method, the process's copy of its name, which
    /// stays valid for good).
    std::string_view method;
    /// The request's id; null for a notification.
    const json& id() const { return *id_; }
    bool is_notification = false;
    /// The process's one copy of the method's name when the method is registered with the
    /// dispatcher (a refusal may still come); null for a call that will be answered "Method not
    /// found". Lets middleware keep per-method state without callers growing it by inventing
    /// names, and key that state by this address: every dispatcher of the process gives the
    /// same one for the same name, and it is never reused for another (cheaper to look up than
    /// the name, and nothing to compare).
    const std::string* registered_method = nullptr;
    /// The connection it came on; null when the dispatcher is used without one.
    std::shared_ptr<Peer> peer;
    /// The message that carried it: the connection's facts, the HTTP request, the identity.
    /// Never null (an empty one when dispatched without).
    std::shared_ptr<MessageContext> message;

    /// When the message arrived (the transport read it), before any queue.
    Clock::time_point received;
    /// When the handler started, after waiting for a thread and for its turn (MethodPolicy);
    /// equal to the epoch when no handler ran (refused, no such method).
    Clock::time_point started;
    /// When the outcome was known (for an asynchronous handler: when it answered).
    Clock::time_point finished;

    /// The failure, once known: a refusal by middleware, no such method, what the handler
    /// threw or failed its Reply with. Null when it succeeded.
    std::exception_ptr error;
    /// The answer going back (null for a notification). Set only while after() runs.
    const json* answer = nullptr;
    /// How many middleware, in registration order, have completed before(): after() runs for
    /// exactly these.
    std::size_t entered_middleware = 0;

    bool known_method() const { return registered_method != nullptr; }
    /// Who called: the message's identity, else the connection's; null when not authenticated.
    const Identity* identity() const;
    /// The JSON-RPC error code of the outcome (0: success); what a thrown exception that is
    /// not an rpcforge::Error is answered with: -32602 for conversion errors, -32603 otherwise.
    int error_code() const;
    /// Time from arrival to the handler's start (zero when no handler ran).
    Clock::duration queued() const { return started == Clock::time_point{} ? Clock::duration{} : started - received; }
    /// Time from arrival to the outcome.
    Clock::duration duration() const { return finished - received; }

private:
    friend class Dispatcher;
    static const json null_id;
    /// Where id() is: the request's, or the dispatcher's copy for a call that outlives it.
    const json* id_ = &null_id;
};

/// Runs around each call of a Dispatcher (Dispatcher::use). Methods may be called from any
/// thread and for many calls at once: keep state per call in your own maps, or none.
class Middleware {
public:
    virtual ~Middleware() = default;
    /// Before the handler, in registration order. Throw rpcforge::Error to refuse the call:
    /// the handler and the middleware registered after this one do not run, and the error
    /// is the answer. May change the context (set an identity, add response headers).
    virtual void before(Call& call, CallContext& context) {
        (void)call;
        (void)context;
    }
    /// Once the outcome is known, in reverse registration order, for every middleware whose
    /// before() completed: they nest like scopes, so what before() began (a timer, an
    /// in-flight count) after() always ends, and a refusal is seen by every middleware
    /// registered ahead of the one that refused (register access logs and metrics first).
    /// Runs on the thread that answered, before the answer is sent. Exceptions thrown here
    /// are ignored.
    virtual void after(const Call& call) { (void)call; }
};

/// Middleware made of two functions; either may be empty.
std::shared_ptr<Middleware> make_middleware(std::function<void(Call&, CallContext&)> before,
                                            std::function<void(const Call&)> after = {});

}  // namespace rpcforge
