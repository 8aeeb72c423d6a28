#pragma once
// The decisions of the HTTP server and client that need no I/O: media types, cookies,
// encodings, origins, JSONP requests.

#include <rpcforge/http.hpp>
#include <rpcforge/json.hpp>
#include <rpcforge/serialization.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rpcforge::detail {

/// The serialisation a Content-Type names, parameters aside: JSON for application/json,
/// application/json-rpc and application/jsonrequest; CBOR for application/cbor; MessagePack
/// for application/msgpack and application/x-msgpack. Nothing for any other type.
std::optional<Serialization> serialization_of_media_type(std::string_view content_type);
/// The Content-Type a client sends: application/json, application/cbor, application/msgpack.
std::string_view media_type_of(Serialization serialization);
/// The Content-Type of the answer to a request of `request_content_type`: the request's own
/// media type for CBOR and MessagePack (x-msgpack is answered as x-msgpack), application/json
/// for every JSON one.
std::string_view answer_media_type(std::string_view request_content_type);

/// The WebSocket subprotocol of a serialisation: jsonrpc.json, jsonrpc.cbor, jsonrpc.msgpack.
std::string_view subprotocol_of(Serialization serialization);
/// The first subprotocol of a Sec-WebSocket-Protocol offer ("a, b, c") that names a
/// serialisation; nothing when none does.
std::optional<Serialization> first_known_subprotocol(std::string_view offer);

/// "a=1; b=2" from every Cookie header; a malformed pair is skipped.
std::map<std::string, std::string, std::less<>> parse_cookies(const Headers& headers);

/// Whether an Accept-Encoding value allows gzip (listed, or "*", and not with q=0).
bool accepts_gzip(std::string_view accept_encoding);

/// What Access-Control-Allow-Origin answers a page from `origin`: the origin itself when it is
/// listed, "*" when any is allowed, nothing when it is refused.
std::optional<std::string> cors_origin_answer(const CorsOptions& cors, std::string_view origin);

/// Throws std::invalid_argument for CORS options no browser may be given: "*" together with
/// credentials would let every site on the web call with the user's cookies.
void check_cors_options(const CorsOptions& cors);

/// %XX and '+' decoded; nothing for a broken escape.
std::optional<std::string> url_decode(std::string_view text);

/// A JSONP call: GET .../METHOD?name=value&...&jsonp=CALLBACK (or callback=CALLBACK).
struct JsonpCall {
    std::string callback;
    json request;
};

/// Builds the call from the method and the query: each value is read as JSON when it is
/// JSON (so n=5 is a number), else as a string. Nothing when the query is broken, a value is
/// nested deeper than Limits' default max_depth, or the callback is not a plain JavaScript
/// name (it is echoed into a script).
std::optional<JsonpCall> jsonp_call(std::string_view method, std::string_view query);

/// The script that answers it: "CALLBACK(result)", or "CALLBACK(null, error)".
std::string jsonp_script(const std::string& callback, const json& answer);

}  // namespace rpcforge::detail
