// The HTTP server's request parser (runtime/src/transport/http/request_parser.cpp) and what the server
// decides from a request without I/O (http_responses, http_rules). The input: one byte of
// chunk size, then a stream of pipelined requests, read one after another as the server reads
// them (one parser per request, the bytes left over carried to the next).
// - the requests read are the same whether the stream comes whole or in chunks;
// - a body never passes the limit; every request gets a shape, and a POST its body or a refusal
//   (405, 415, 400), a body being decoded and classified like any message;
// - the fast answer writer (rpc_wire_response) gives the bytes of the general one
//   (rpc_response, then wire_of), whatever the request's version, keep-alive and origin;
// - a JSONP GET gives a call whose message is valid JSON, or nothing.

#include "fuzz_support.hpp"
#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/http/request_parser.hpp"

#include <rpcforge/codec.hpp>
#include <rpcforge/protocol.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using rpcforge::fuzz::require;
using rpcforge::detail::ParsedRequest;

constexpr std::size_t header_limit = 16 * 1024;  // the server's
constexpr std::size_t body_limit = 4096;

/// Reads requests from `stream`, `chunk` bytes at a time, as beast's read does: until the
/// stream ends or a request is malformed.
std::vector<ParsedRequest> read_requests(std::string_view stream, std::size_t chunk) {
    std::vector<ParsedRequest> requests;
    std::string buffer;
    std::size_t fed = 0;
    while (true) {
        rpcforge::detail::RequestParser parser(header_limit, body_limit);
        parser.eager(true);
        while (!parser.is_done()) {
            boost::beast::error_code ec;
            const auto used = parser.put(boost::asio::buffer(buffer.data(), buffer.size()), ec);
            buffer.erase(0, used);
            if (ec && ec != boost::beast::http::error::need_more) return requests;
            if (parser.is_done()) break;
            if (used > 0 && !ec) continue;
            if (fed == stream.size()) {
                if (!buffer.empty() || parser.got_some()) parser.put_eof(ec);
                if (!parser.is_done()) return requests;
                break;
            }
            const auto more = stream.substr(fed, chunk);
            buffer.append(more);
            fed += more.size();
        }
        requests.push_back(parser.release());
        if (!requests.back().keep_alive) return requests;  // the server reads no further
    }
}

bool same_request(const ParsedRequest& a, const ParsedRequest& b) {
    return a.info.method == b.info.method && a.info.target == b.info.target &&
           a.info.headers.fields() == b.info.headers.fields() && a.body == b.body && a.version == b.version &&
           a.keep_alive == b.keep_alive && a.verb == b.verb;
}

rpcforge::HttpServerOptions server_options() {
    rpcforge::HttpServerOptions options;
    options.gzip = true;
    options.jsonp = true;
    options.cors.allowed_origins = {"https://app.example"};
    options.cors.allow_credentials = true;
    return options;
}

/// The fast answer writer against the general one, for an answer made of the body's bytes.
void answers_agree(const rpcforge::detail::ResponseShape& shape, const ParsedRequest& request,
                   const rpcforge::HttpServerOptions& options) {
    rpcforge::MessageContext context;
    context.compressible = false;  // else both take the general path
    std::optional<std::string> answer;
    if (!request.body.empty()) answer = request.body;
    const auto fast = rpcforge::detail::rpc_wire_response(shape, context, answer, "", options);
    const auto general = rpcforge::detail::wire_of(rpcforge::detail::rpc_response(shape, context, answer, "", options));
    require(fast.head == general.head && fast.body == general.body, "the fast answer differs from the general one",
            fast.head + "\n  vs\n" + general.head);
}

void post_is_read(ParsedRequest& request, const rpcforge::HttpServerOptions& options) {
    auto body = rpcforge::detail::rpc_body(request, options, body_limit);
    if (auto* refusal = std::get_if<rpcforge::detail::HttpResponseMessage>(&body)) {
        const auto status = refusal->result_int();
        require(status == 405 || status == 415 || status == 400, "a POST refused with an unexpected status");
        return;
    }
    auto& message = std::get<rpcforge::detail::RpcBody>(body);
    require(message.bytes.size() <= body_limit, "an inflated body past the limit");
    try {
        rpcforge::classify(rpcforge::decode(message.bytes, rpcforge::Limits{}, message.serialization), {});
    } catch (const rpcforge::Error&) {
        // a malformed message, answered with -32700 or -32600
    }
}

void jsonp_is_read(const ParsedRequest& request) {
    std::string_view target = request.info.target;
    const auto question = target.find('?');
    if (question == std::string_view::npos) return;
    const auto path = target.substr(0, question);
    const auto method = path.substr(path.rfind('/') + 1);
    if (const auto call = rpcforge::detail::jsonp_call(method, target.substr(question + 1))) {
        require(rpcforge::json::accept(rpcforge::to_wire(call->request)), "a JSONP call that is not JSON");
        (void)rpcforge::detail::jsonp_script(call->callback, rpcforge::make_result(1, call->request["params"]));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rpcforge::fuzz::FuzzBytes bytes(data, size);
    const std::size_t chunk = 1 + bytes.byte() % 64;
    const auto stream = bytes.rest();
    auto requests = read_requests(stream, stream.size() + 1);
    const auto chunked = read_requests(stream, chunk);
    require(chunked.size() == requests.size(), "chunks give another number of requests than the whole stream");
    for (std::size_t i = 0; i < requests.size(); ++i)
        require(same_request(requests[i], chunked[i]), "chunks give another request than the whole stream");

    const auto options = server_options();
    for (auto& request : requests) {
        require(request.body.size() <= body_limit, "a body past the limit");
        const auto shape = rpcforge::detail::shape_of(request, options);
        answers_agree(shape, request, options);
        if (request.verb == boost::beast::http::verb::get) jsonp_is_read(request);
        post_is_read(request, options);
    }
    return 0;
}
