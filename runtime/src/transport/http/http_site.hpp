#pragma once
// What an HTTP server answers besides the JSON-RPC service at each endpoint's own path.

#include <rpcforge/http.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rpcforge {
class Dispatcher;
}

namespace rpcforge::detail {

struct HttpSite {
    HttpServerOptions options;
    /// More JSON-RPC services, by exact path.
    std::map<std::string, const Dispatcher*, std::less<>> services;
    /// Plain routes: an exact path, or every path under a prefix that ends in '/'.
    std::vector<std::pair<std::string, HttpHandler>> routes;

    /// The route for `path`, the longest match first; null when none.
    const std::pair<std::string, HttpHandler>* route_for(std::string_view path) const;
};

}  // namespace rpcforge::detail
