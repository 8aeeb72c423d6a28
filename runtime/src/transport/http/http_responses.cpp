#include "transport/http/http_responses.hpp"

#include "transport/http/gzip.hpp"
#include "transport/http/http_rules.hpp"

#include <boost/beast/core/string.hpp>

#include <utility>

namespace rpcforge::detail {
namespace {

namespace http = boost::beast::http;

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

void add_headers(HttpResponseMessage& response, const Headers& headers) {
    for (const auto& [name, value] : headers.fields()) response.insert(name, value);
}

}  // namespace

ResponseShape shape_of(const ParsedRequest& request, const HttpServerOptions& options) {
    ResponseShape shape;
    shape.version = request.version;
    shape.keep_alive = request.keep_alive;
    shape.head = request.verb == http::verb::head;
    shape.gzip_accepted = options.gzip && accepts_gzip(request.header("Accept-Encoding"));
    shape.answer_type = answer_media_type(request.header("Content-Type"));
    auto origin = request.header("Origin");
    if (!origin.empty() && !options.cors.allowed_origins.empty()) {
        if (auto answer = cors_origin_answer(options.cors, origin))
            shape.cors_origin = std::move(*answer);
        else
            shape.origin_refused = true;
    }
    return shape;
}

HttpRequestInfo request_info(const HttpRequestMessage& request) {
    HttpRequestInfo info;
    info.method = std::string(request.method_string());
    info.target = std::string(request.target());
    for (const auto& field : request) info.headers.add(std::string(field.name_string()), std::string(field.value()));
    info.cookies = parse_cookies(info.headers);
    return info;
}

void append_head(std::string& out, const HttpResponseMessage& response) {
    out += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(response.result_int());
    out += ' ';
    out += response.reason();
    out += "\r\n";
    for (const auto& field : response) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
}

HttpResponseMessage plain_response(unsigned status, std::string text) {
    HttpResponseMessage response{static_cast<http::status>(status), 11};
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(text);
    return response;
}

HttpResponseMessage preflight_response(const HttpServerOptions& options) {
    HttpResponseMessage response{http::status::no_content, 11};
    response.set(http::field::access_control_allow_methods, options.jsonp ? "POST, GET, OPTIONS" : "POST, OPTIONS");
    response.set(http::field::access_control_allow_headers, join(options.cors.allowed_headers));
    response.set(http::field::access_control_max_age, std::to_string(options.cors.max_age.count()));
    return response;
}

std::variant<RpcBody, HttpResponseMessage> rpc_body(ParsedRequest& request, const HttpServerOptions& options,
                                                    std::size_t max_message_bytes) {
    if (request.verb != http::verb::post) {
        auto refusal = plain_response(405, "JSON-RPC takes POST here\n");
        refusal.set(http::field::allow, options.jsonp ? "POST, OPTIONS" : "POST");
        return refusal;
    }
    auto serialization = serialization_of_media_type(request.header("Content-Type"));
    if (!serialization)
        return plain_response(415, "Content-Type must be application/json, application/json-rpc, "
                                   "application/jsonrequest, application/cbor, application/msgpack or "
                                   "application/x-msgpack\n");
    auto encoding = request.header("Content-Encoding");
    if (encoding.empty() || boost::beast::iequals(encoding, "identity"))
        return RpcBody{std::move(request.body), *serialization};
    if (!boost::beast::iequals(encoding, "gzip") && !boost::beast::iequals(encoding, "deflate"))
        return plain_response(415, "Content-Encoding must be gzip, deflate or identity\n");
    auto inflated = gunzip(request.body, max_message_bytes);
    if (!inflated)
        return plain_response(400, "the body is not valid " + std::string(encoding) + " data, or inflates past " +
                                       std::to_string(max_message_bytes) + " bytes\n");
    return RpcBody{std::move(*inflated), *serialization};
}

HttpResponseMessage run_route(const HttpHandler& handler, const std::string& route, const ParsedRequest& request,
                              std::string_view path, std::string_view query, const std::string& remote_address) {
    HttpRequest plain{request.info.method, std::string(path), route, std::string(query), request.info.headers,
                      request.body, remote_address};
    HttpResponse answer;
    try {
        answer = handler(plain);
    } catch (const std::exception&) {
        return plain_response(500, "internal error\n");
    }
    HttpResponseMessage response{static_cast<http::status>(answer.status), 11};
    response.set(http::field::content_type, answer.content_type);
    add_headers(response, answer.headers);
    response.body() = std::move(answer.body);
    return response;
}

HttpResponseMessage rpc_response(const ResponseShape& shape, const MessageContext& context,
                                 std::optional<std::string> answer, const std::string& jsonp_callback,
                                 const HttpServerOptions& options) {
    HttpResponseMessage response{static_cast<http::status>(context.http_status != 0 ? context.http_status : 200), 11};
    add_headers(response, context.response_headers);
    if (answer && !jsonp_callback.empty()) {
        response.set(http::field::content_type, "text/javascript; charset=utf-8");
        response.body() = jsonp_script(jsonp_callback, json::parse(*answer));
    } else if (answer) {
        response.set(http::field::content_type, shape.answer_type);
        response.body() = std::move(*answer);
    }
    if (options.gzip) response.set(http::field::vary, "Accept-Encoding");
    if (shape.gzip_accepted && context.compressible && !response.body().empty() &&
        response.body().size() >= options.gzip_min_bytes) {
        response.body() = gzip(response.body());
        response.set(http::field::content_encoding, "gzip");
    }
    finish_response(response, shape, options);
    return response;
}

void finish_response(HttpResponseMessage& response, const ResponseShape& shape, const HttpServerOptions& options) {
    response.version(shape.version);
    response.keep_alive(shape.keep_alive);
    response.set(http::field::server, "rpcforge");
    if (!shape.cors_origin.empty()) {
        response.set(http::field::access_control_allow_origin, shape.cors_origin);
        if (options.cors.allow_credentials) response.set(http::field::access_control_allow_credentials, "true");
        response.insert(http::field::vary, "Origin");
    }
    response.prepare_payload();
    if (shape.head) response.body().clear();  // Content-Length stays: it tells what GET would send
}

WireResponse wire_of(HttpResponseMessage response) {
    WireResponse wire;
    append_head(wire.head, response);
    wire.body = std::move(response.body());
    return wire;
}

namespace {

/// Appends "\r\nName: value": each field starts with the line end of the one before it, so a
/// field is two appends (this runs for every answer).
void append_field(std::string& head, std::string_view line_end_and_name, std::string_view value) {
    head += line_end_and_name;
    head += value;
}

bool compresses(const ResponseShape& shape, const MessageContext& context, const std::optional<std::string>& answer,
                const HttpServerOptions& options) {
    return shape.gzip_accepted && context.compressible && answer && !answer->empty() &&
           answer->size() >= options.gzip_min_bytes;
}

}  // namespace

WireResponse rpc_wire_response(const ResponseShape& shape, const MessageContext& context,
                               std::optional<std::string> answer, const std::string& jsonp_callback,
                               const HttpServerOptions& options) {
    // Handlers' own headers may replace or join the ones set here, as beast's fields do them.
    if (!jsonp_callback.empty() || compresses(shape, context, answer, options) || !context.response_headers.fields().empty() ||
        context.http_status != 0)
        return wire_of(rpc_response(shape, context, std::move(answer), jsonp_callback, options));
    WireResponse wire;
    wire.head.reserve(192);
    wire.head += shape.version == 10 ? "HTTP/1.0 200 OK" : "HTTP/1.1 200 OK";
    if (answer) {
        append_field(wire.head, "\r\nContent-Type: ", shape.answer_type);
    }
    bool vary_origin = !shape.cors_origin.empty();
    if (options.gzip) append_field(wire.head, "\r\nVary: ", "Accept-Encoding");
    // beast keeps fields of one name together: Vary: Origin joins Vary: Accept-Encoding.
    if (options.gzip && std::exchange(vary_origin, false)) append_field(wire.head, "\r\nVary: ", "Origin");
    // beast's keep_alive(): HTTP/1.1 says when it closes, HTTP/1.0 when it does not.
    if (shape.version == 10 && shape.keep_alive) append_field(wire.head, "\r\nConnection: ", "keep-alive");
    if (shape.version != 10 && !shape.keep_alive) append_field(wire.head, "\r\nConnection: ", "close");
    wire.head += "\r\nServer: rpcforge";
    if (!shape.cors_origin.empty()) {
        append_field(wire.head, "\r\nAccess-Control-Allow-Origin: ", shape.cors_origin);
        if (options.cors.allow_credentials) append_field(wire.head, "\r\nAccess-Control-Allow-Credentials: ", "true");
        if (vary_origin) append_field(wire.head, "\r\nVary: ", "Origin");
    }
    append_field(wire.head, "\r\nContent-Length: ", std::to_string(answer ? answer->size() : 0));
    wire.head += "\r\n\r\n";
    if (answer && !shape.head) wire.body = std::move(*answer);
    return wire;
}

}  // namespace rpcforge::detail
