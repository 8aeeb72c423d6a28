#pragma once
/// The method table: maps method names to handlers and runs requests against them.

#include <rpcforge/context.hpp>
#include <rpcforge/detail/typed_handler.hpp>
#include <rpcforge/protocol.hpp>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rpcforge {

struct DispatcherOptions {
    /// Put the text of unexpected exceptions (not rpcforge::Error) in -32603 answers.
    /// Off by default: exception texts can leak internals.
    bool expose_exception_messages = false;
};

/// Register every method before serving starts; lookups are then lock-free reads.
class Dispatcher {
public:
    /// Untyped form: the raw "params" (array, object, or null) in, the result out.
    using Handler = std::function<json(const json& params, CallContext& context)>;

    explicit Dispatcher(DispatcherOptions options = {}) : options_(options) {}

    /// Registers a typed callable (function, lambda, or member function with its object).
    /// `names` names each JSON parameter in order; arguments may come by name or by
    /// position. A leading `CallContext&` parameter receives the call's context.
    template <class F, std::size_t N>
    void add(std::string method, const char* const (&names)[N], F fn) {
        add_handler(std::move(method), detail::make_typed_handler(std::move(fn), to_array(names)), false);
    }
    /// A method that takes no parameters.
    template <class F>
    void add(std::string method, F fn) {
        add_handler(std::move(method), detail::make_typed_handler(std::move(fn), std::array<std::string, 0>{}), false);
    }
    template <class R, class C, class... A, std::size_t N>
    void add(std::string method, const char* const (&names)[N], R (C::*member)(A...), C* object) {
        add(std::move(method), names, [member, object](A... a) -> R { return (object->*member)(std::forward<A>(a)...); });
    }

    /// A notification: runs, never answers. (Called with an id, it answers null once run.)
    template <class F, std::size_t N>
    void add_notification(std::string method, const char* const (&names)[N], F fn) {
        add_handler(std::move(method), detail::make_typed_handler(std::move(fn), to_array(names)), true);
    }
    template <class F>
    void add_notification(std::string method, F fn) {
        add_handler(std::move(method), detail::make_typed_handler(std::move(fn), std::array<std::string, 0>{}), true);
    }

    /// Registers an untyped handler: params and result as JSON.
    void add_untyped(std::string method, Handler handler) { add_handler(std::move(method), std::move(handler), false); }

    bool has(const std::string& method) const { return methods_.count(method) != 0; }

    /// The answers of `method` are never compressed (e.g. its results are compressed data
    /// already, or must not be, as secrets mixed with what an attacker sends: BREACH).
    /// Throws std::invalid_argument for a method not registered.
    void never_compress(const std::string& method);

    /// Runs one request. Returns the answer to send, or nothing for a notification.
    /// Never throws: handler failures become error answers. `message` is what the transport
    /// knows of the message that carried it (none: an empty context).
    std::optional<json> handle(const Request& request, std::shared_ptr<Peer> peer = nullptr,
                               MessageContext* message = nullptr) const;

private:
    struct Entry {
        Handler handler;
        bool is_notification;
        bool compressible = true;
    };

    /// Throws std::invalid_argument when the method is registered already.
    void add_handler(std::string method, Handler handler, bool is_notification);
    json run(const Request& request, std::shared_ptr<Peer> peer, MessageContext& message) const;

    template <std::size_t N>
    static std::array<std::string, N> to_array(const char* const (&names)[N]) {
        std::array<std::string, N> out;
        for (std::size_t i = 0; i < N; ++i) out[i] = names[i];
        return out;
    }

    DispatcherOptions options_;
    std::unordered_map<std::string, Entry> methods_;
};

}  // namespace rpcforge
