#pragma once
// What every route that only serves content (static files, metrics, health) answers to a
// method other than GET or HEAD.

#include <rpcforge/http.hpp>

#include <optional>

namespace rpcforge::detail {

/// 405 with "Allow: GET, HEAD" unless `request` is a GET or a HEAD; nullopt when it is.
inline std::optional<HttpResponse> refuse_unless_get_or_head(const HttpRequest& request) {
    if (request.method == "GET" || request.method == "HEAD") return std::nullopt;
    HttpResponse refused{405, "text/plain; charset=utf-8", {}, "only GET and HEAD\n"};
    refused.headers.add("Allow", "GET, HEAD");
    return refused;
}

}  // namespace rpcforge::detail
