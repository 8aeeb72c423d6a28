#pragma once
/// Client middleware: code around each call and notification a Client sends (ClientOptions::
/// middleware), to time calls, retry them, change what goes out or answer locally.

#include <rpcforge/channel.hpp>
#include <rpcforge/json.hpp>

#include <functional>
#include <future>
#include <string>

namespace rpcforge {

/// A call or notification on its way out.
struct OutgoingCall {
    std::string method;
    json params;
    CallOptions options{};
    bool is_notification = false;
};

class ClientMiddleware {
public:
    /// Sends the call on, through the middleware added after this one, then the connection.
    /// For a notification its future is ready (null) once the notification is sent.
    using Next = std::function<std::future<json>(OutgoingCall)>;

    virtual ~ClientMiddleware() = default;
    /// Returns the call's future. Call `next` once to pass the call on, several times to retry,
    /// or not at all to answer without the server. A deferred future (std::async with
    /// std::launch::deferred) lets code run when the caller waits for the answer: to time the
    /// call, or to retry after a failure. Such a future must be waited for while the Client
    /// lives, and copy `next` into it (the reference is valid only during around()). Runs on
    /// the thread that calls.
    virtual std::future<json> around(OutgoingCall call, const Next& next) = 0;
};

}  // namespace rpcforge
