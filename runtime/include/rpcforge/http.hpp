#pragma once
/// HTTP endpoints (http://, https://): JSON-RPC by POST (in JSON, CBOR or MessagePack), and
/// what else a server answers beside it: more services on other paths, plain routes and static
/// files, CORS, compression, JSONP. See docs/http.md.

#include <rpcforge/context.hpp>
#include <rpcforge/serialization.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rpcforge {

/// A request to a plain route.
struct HttpRequest {
    std::string method;
    std::string path;   ///< the target before any '?', not decoded
    std::string route;  ///< the route's own path (for a prefix route, the start of `path`)
    std::string query;  ///< after the '?', not decoded
    Headers headers;
    std::string body;
    std::string remote_address;
};

struct HttpResponse {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    Headers headers;
    std::string body;
};

/// Runs on the connection's I/O thread, between the requests of that connection: keep it
/// short (answer from memory, read a small file).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// A route answering GET and HEAD with the files under `root`, found by the path after the
/// route's own prefix. Paths that climb out of `root` ("..", also percent-encoded), symbolic
/// links that lead out of it, and anything not a regular file, are 404.
HttpHandler static_files(std::filesystem::path root);

struct CorsOptions {
    /// Origins whose pages may call ("https://app.example.com"); "*" allows any (answered as
    /// "*", never with credentials). Empty: CORS is off, and a request that names an Origin is
    /// served as any other (browsers then keep the answer from the page).
    std::vector<std::string> allowed_origins{};
    /// Request headers a page may send besides the CORS-safelisted ones.
    std::vector<std::string> allowed_headers{"Content-Type", "Authorization"};
    /// Lets pages send cookies and read answers that set them ("Access-Control-Allow-Credentials").
    /// Only with named origins: a server given "*" and credentials refuses to start.
    bool allow_credentials = false;
    std::chrono::seconds max_age{600};
};

struct HttpServerOptions {
    CorsOptions cors{};
    /// Answers at least this large are gzip-compressed when the request accepts gzip.
    /// Dispatcher::never_compress() turns it off per method.
    std::size_t gzip_min_bytes = 1024;
    bool gzip = true;
    /// Answers GET PATH/METHOD?name=value&jsonp=CALLBACK with "CALLBACK(result)". Off by
    /// default: any page can then read what the method returns with the visitor's cookies.
    bool jsonp = false;
    // Idle and slow connections: ServerOptions::idle_timeout and read_timeout, as for every transport.
};

/// What an HTTP or WebSocket client sends (http://, https://, ws://, wss://).
struct HttpClientOptions {
    /// Sent with every request, or with the WebSocket upgrade (e.g. {"Authorization", "Bearer ..."}).
    Headers headers{};
    /// How messages are written. HTTP: the Content-Type and Accept of every request
    /// (application/json, application/cbor, application/msgpack). WebSocket: the subprotocol
    /// offered (none for JSON; jsonrpc.cbor, jsonrpc.msgpack), which the server must accept or
    /// the connection fails. Other transports take only JSON.
    Serialization serialization = Serialization::json;
    /// Cookies the server sets are sent back with the requests that follow, for as long as
    /// the client lives (attributes such as Path and Expires are not looked at: every request
    /// goes to the same server and path).
    bool keep_cookies = true;
};

}  // namespace rpcforge
