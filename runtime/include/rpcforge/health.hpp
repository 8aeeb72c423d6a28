#pragma once
/// Health: whether a server wants work, for balancers and orchestrators, over HTTP (a
/// `/healthz`-style route) and JSON-RPC (`rpc.health`). See docs/observability.md.
///
///     server.add_health_check("database", [&] { return db.ping(); });
///     server.add_http_route("/healthz", rpcforge::health_route(server));
///     rpcforge::add_health_method(dispatcher, server);

#include <rpcforge/http.hpp>
#include <rpcforge/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace rpcforge {

class Dispatcher;
class Server;

struct HealthStatus {
    /// "starting" (made, not started), "serving", "failing" (a check failed), "draining" (a
    /// graceful stop has begun: ServerOptions::drain_time), "stopped".
    std::string status;
    /// Each check by name, "ok" or "failing", in the order added.
    std::vector<std::pair<std::string, std::string>> checks;

    /// Only a serving server wants work.
    bool serving() const { return status == "serving"; }
    /// {"status": ..., "checks": {name: "ok" | "failing"}}
    json to_json() const;
};

/// Answers GET and HEAD with HealthStatus::to_json(): 200 while serving, 503 otherwise, so
/// that a balancer's plain HTTP check stops sending work to a draining server. Not cached.
/// The route belongs to `server` (add it to that server).
HttpHandler health_route(const Server& server);

/// Registers `rpc.health` on `dispatcher`: no parameters, HealthStatus::to_json() as result
/// (a call, not an HTTP status: the caller reads "status"). `server` must outlive every call.
void add_health_method(Dispatcher& dispatcher, const Server& server);

}  // namespace rpcforge
