// The two ways a server's health is asked: an HTTP route (balancers' checks) and rpc.health.

#include <rpcforge/health.hpp>
#include <rpcforge/server.hpp>

#include "transport/http/read_only_route.hpp"

namespace rpcforge {

json HealthStatus::to_json() const {
    json named = json::object();
    for (const auto& [name, outcome] : checks) named[name] = outcome;
    return {{"status", status}, {"checks", std::move(named)}};
}

HttpHandler health_route(const Server& server) {
    return [&server](const HttpRequest& request) {
        if (auto refused = detail::refuse_unless_get_or_head(request)) return *refused;
        auto health = server.health();
        HttpResponse response;
        response.status = health.serving() ? 200 : 503;
        response.content_type = "application/json";
        response.headers.add("Cache-Control", "no-store");
        response.body = health.to_json().dump();
        return response;
    };
}

void add_health_method(Dispatcher& dispatcher, const Server& server) {
    dispatcher.add("rpc.health", [&server] { return server.health().to_json(); });
}

}  // namespace rpcforge
