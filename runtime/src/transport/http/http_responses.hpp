#pragma once
// Building the HTTP server's responses, and reading what its requests carry. No I/O.

#include "transport/http/request_parser.hpp"

#include <rpcforge/context.hpp>
#include <rpcforge/http.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace rpcforge::detail {

using HttpRequestMessage = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponseMessage = boost::beast::http::response<boost::beast::http::string_body>;

/// What a request decides about its response, whatever the response turns out to be.
struct ResponseShape {
    unsigned version = 11;
    bool keep_alive = true;
    bool head = false;
    bool gzip_accepted = false;
    /// The Content-Type of a JSON-RPC answer: the request's serialisation (answer_media_type()).
    std::string_view answer_type = "application/json";
    /// The request's Origin when CORS allows it (echoed back); "" otherwise.
    std::string cors_origin;
    /// CORS is on and the request's Origin is not allowed.
    bool origin_refused = false;
};

ResponseShape shape_of(const ParsedRequest& request, const HttpServerOptions& options);
/// What handlers see of a request read by beast's own parser (a WebSocket upgrade).
HttpRequestInfo request_info(const HttpRequestMessage& request);

HttpResponseMessage plain_response(unsigned status, std::string text);
/// The status line and header fields of `response`, ending in the empty line, as they go on the
/// wire (the body follows as it is).
void append_head(std::string& out, const HttpResponseMessage& response);
HttpResponseMessage preflight_response(const HttpServerOptions& options);

/// The message a POST carries, inflated when gzip.
struct RpcBody {
    std::string bytes;
    Serialization serialization = Serialization::json;
};

/// The JSON-RPC message a POST carries, in the serialisation its Content-Type names, or the
/// response that refuses it: 405 for another method, 415 for another media type or encoding,
/// 400 for a broken gzip body.
std::variant<RpcBody, HttpResponseMessage> rpc_body(ParsedRequest& request, const HttpServerOptions& options,
                                                    std::size_t max_message_bytes);

/// Runs a plain route; its exceptions become 500.
HttpResponseMessage run_route(const HttpHandler& handler, const std::string& route, const ParsedRequest& request,
                              std::string_view path, std::string_view query, const std::string& remote_address);

/// The peer's answer as a finished response: in the request's serialisation (or JSONP), 200 with an empty body for a
/// message that gets no answer, the handlers' headers, gzip when it pays and is accepted.
HttpResponseMessage rpc_response(const ResponseShape& shape, const MessageContext& context,
                                 std::optional<std::string> answer, const std::string& jsonp_callback,
                                 const HttpServerOptions& options);

/// Version, keep-alive, CORS headers and Content-Length; the body dropped for HEAD.
void finish_response(HttpResponseMessage& response, const ResponseShape& shape, const HttpServerOptions& options);

/// A response as it goes on the wire: the status line and fields ending in the empty line, then
/// the body.
struct WireResponse {
    std::string head;
    std::string body;
};

/// A finished response, on the wire.
WireResponse wire_of(HttpResponseMessage response);

/// rpc_response(), on the wire. The common answer (no JSONP, not compressed) is written out
/// directly, field by field in the order rpc_response() sets them: building beast's fields for
/// it, only to write them out, was a fifth of the HTTP layer's instructions per call. A unit
/// test holds the two to the same bytes.
WireResponse rpc_wire_response(const ResponseShape& shape, const MessageContext& context,
                               std::optional<std::string> answer, const std::string& jsonp_callback,
                               const HttpServerOptions& options);

}  // namespace rpcforge::detail
