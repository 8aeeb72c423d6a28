// The handlers of a subscription method: the subscribe call, which answers with a new
// subscription's id, and `<method>.unsubscribe`.

#include <rpcforge/peer.hpp>
#include <rpcforge/subscription.hpp>

namespace rpcforge::detail {
namespace {

std::string subscription_param(const json& params) {
    const json* id = nullptr;
    if (params.is_object() && params.contains("subscription")) id = &params["subscription"];
    if (params.is_array() && params.size() == 1) id = &params[0];
    if (id == nullptr || !id->is_string())
        throw Error(error_code::invalid_params, "Invalid params", "a string 'subscription' is required");
    return id->get<std::string>();
}

void subscribe(const std::string& method, const SubscriptionOptions& options,
               const std::shared_ptr<SubscriptionRegistry>& registry, const StartSubscription& start,
               const json& params, CallContext& context, Reply<json> reply) {
    if (!context.peer || !context.peer->can_call()) {
        return reply.fail(Error(error_code::cannot_push,
                                "subscriptions need a connection the server can send on (ws, wss, tcp, unix, tls); "
                                "HTTP only answers"));
    }
    auto sink = std::make_shared<SubscriptionSink>(context.peer, method, new_subscription_id(), options, registry);
    registry->add(sink);
    sink->watch_connection();
    try {
        start(params, context, std::make_shared<SinkOwner>(sink));
    } catch (...) {
        sink->discard();
        return reply.fail(std::current_exception());
    }
    // A producer may close() before returning: the id is still answered, then the end sent.
    reply(json(sink->id()));
    sink->opened();
}

}  // namespace

SubscriptionHandlers make_subscription_handlers(const std::string& method, SubscriptionOptions options,
                                                StartSubscription start) {
    auto registry = std::make_shared<SubscriptionRegistry>();
    SubscriptionHandlers handlers;
    handlers.subscribe = [method, options, registry, start = std::move(start)](
                             const json& params, CallContext& context, Reply<json> reply) {
        subscribe(method, options, registry, start, params, context, std::move(reply));
    };
    handlers.unsubscribe = [registry](const json& params, CallContext& context) -> json {
        return registry->cancel(subscription_param(params), context.peer.get());
    };
    return handlers;
}

}  // namespace rpcforge::detail

namespace rpcforge {

void add_subscription(ServiceBinding& binding, const std::string& method, detail::StartSubscription start,
                      SubscriptionOptions options) {
    auto handlers = detail::make_subscription_handlers(method, options, std::move(start));
    binding.add_async(method, std::move(handlers.subscribe));
    binding.add(method + ".unsubscribe", std::move(handlers.unsubscribe));
}

}  // namespace rpcforge
