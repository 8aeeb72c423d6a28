// Subscriptions (docs/subscriptions.md): what a method that answers with a stream may be, and the
// wire names its stream takes.

#include "check/check_parts.hpp"

#include <map>
#include <string>

namespace rpcforge::check::detail {

namespace {

// The names a subscription's stream uses on the wire besides the method's own.
constexpr const char* stream_suffixes[] = {".item", ".end", ".unsubscribe"};

void check_form(const model::Method& method, diagnostics::Sink& sink) {
    const std::string what = "subscription '" + method.name.wire + "'";
    if (method.is_notification())
        sink.error(method.location, what + " is a notification, which is never answered: a subscription is answered "
                                           "with its id, and its result is the type of its items");
    if (method.is_async)
        sink.error(method.location, what + " is asynchronous: its implementation keeps an rpcforge::Subscription "
                                           "instead of answering through a Reply");
    if (!method.aliases.empty())
        sink.error(method.location, what + " has aliases, but its items, its end and its unsubscribe are named "
                                           "after its one wire name");
}

}  // namespace

void check_subscriptions(const model::Service& service, diagnostics::Sink& sink) {
    std::map<std::string, const model::Method*> stream_names;  // "ticks.item" -> ticks
    for (const auto& method : service.methods) {
        if (!method.is_subscription) continue;
        check_form(method, sink);
        for (const char* suffix : stream_suffixes) stream_names.emplace(method.name.wire + suffix, &method);
    }
    for (const auto& callback : service.callbacks) {
        if (callback.is_subscription)
            sink.error(callback.location, "callback '" + callback.name.wire +
                                              "' is a subscription, but callbacks are notifications from the server");
    }
    if (stream_names.empty()) return;
    auto check_name = [&](const std::string& name, const model::Method& method) {
        auto taken = stream_names.find(name);
        if (taken == stream_names.end()) return;
        sink.error(method.location, "method '" + name + "' has a name that subscription '" +
                                        taken->second->name.wire + "' (at " + place(taken->second->location) +
                                        ") uses for its stream");
    };
    for (const auto& method : service.methods) {
        check_name(method.name.wire, method);
        for (const auto& alias : method.aliases) check_name(alias, method);
    }
}

}  // namespace rpcforge::check::detail
