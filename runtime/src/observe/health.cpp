// The two ways a server's health is asked: an HTTP route (balancers' checks) and rpc.health.

#include <rpcforge/health.hpp>
#include <rpcforge/server.hpp>

namespace rpcforge {

json HealthStatus::to_json() const {
    json named = json::object();
    for (const auto& [name, outcome] : checks) named[name] = outcome;
    return {{"status", status}, {"checks", std::move(named)}};
}

HttpHandler health_route(const Server& server) {
    return [&server](const HttpRequest& request) {
        HttpResponse response;
        if (request.method != "GET" && request.method != "HEAD") {
            response.status = 405;
            response.headers.add("Allow", "GET, HEAD");
            return response;
        }
        auto health = server.health();
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
