// The WebSocket path of the server without its socket (runtime/src/transport/websocket/websocket.cpp): the
// upgrade request's checks, then what is done with a message's payload. The input: one byte,
// then either (byte < 192) a payload in the serialisation byte % 3 names, or an upgrade
// request followed by one payload, in the serialisation its subprotocol offer chooses.
// - the upgrade request is read by beast's parser as the acceptor reads it (16 KiB of header,
//   no body); its checks (path, is_upgrade, the HttpRequestInfo kept for calls, the
//   subprotocol) take any request;
// - a payload is decoded and classified as Peer does, and the answers to it, encoded in the
//   connection's serialisation, decode to what they were.

#include "fuzz_support.hpp"
#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"

#include <rpcforge/codec.hpp>
#include <rpcforge/protocol.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace {

namespace beast = boost::beast;
using rpcforge::json;
using rpcforge::fuzz::require;

/// The subprotocol's serialisation, as the acceptor chooses it; nothing when the request is
/// not read or is refused (404, 426). `payload` is left with the bytes after the request.
std::optional<rpcforge::Serialization> accept_upgrade(std::string_view& payload) {
    beast::http::request_parser<beast::http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(0);
    parser.eager(true);
    beast::error_code ec;
    const auto used = parser.put(boost::asio::buffer(payload.data(), payload.size()), ec);
    if (ec || !parser.is_done()) return std::nullopt;
    payload.remove_prefix(used);
    auto request = parser.release();
    const auto target = std::string_view(request.target());
    if (target.substr(0, target.find('?')) != "/ws") return std::nullopt;  // 404
    if (!beast::websocket::is_upgrade(request)) return std::nullopt;       // 426
    const auto info = rpcforge::detail::request_info(request);
    require(info.target == target, "the upgrade's target is not kept as it came");
    const auto chosen = rpcforge::detail::first_known_subprotocol(request[beast::http::field::sec_websocket_protocol]);
    if (chosen)
        require(request[beast::http::field::sec_websocket_protocol].find(rpcforge::detail::subprotocol_of(*chosen)) !=
                    std::string_view::npos,
                "a subprotocol chosen that was not offered");
    return chosen.value_or(rpcforge::Serialization::json);
}

/// `exact`: false for the answer to an unreadable JSON text, whose error message may quote
/// bytes that are not UTF-8 (written repaired).
void answer_round_trips(const json& answer, rpcforge::Serialization serialization, bool exact = true) {
    rpcforge::Limits generous;  // an answer nests one level deeper than the message it answers
    generous.max_depth = 1000;
    const auto again = rpcforge::decode(rpcforge::encode(answer, serialization), generous, serialization);
    if (exact || serialization != rpcforge::Serialization::json)
        require(rpcforge::fuzz::same_value(again, answer), "an answer does not decode to what it was", rpcforge::fuzz::text_of(answer));
}

/// A message's payload as WebSocketConnection hands it to Peer::on_message.
void handle_payload(std::string_view payload, rpcforge::Serialization serialization) {
    rpcforge::Incoming incoming;
    try {
        incoming = rpcforge::classify(rpcforge::decode(payload, rpcforge::Limits{}, serialization), {});
    } catch (const rpcforge::Error& error) {
        return answer_round_trips(rpcforge::make_error(nullptr, error), serialization, false);
    }
    for (const auto& message : incoming.messages) {
        if (const auto* request = std::get_if<rpcforge::Request>(&message))
            answer_round_trips(rpcforge::make_result(request->id, request->params, request->version), serialization);
        else if (const auto* invalid = std::get_if<rpcforge::Invalid>(&message))
            answer_round_trips(rpcforge::make_error(invalid->id, invalid->error), serialization);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rpcforge::fuzz::FuzzBytes bytes(data, size);
    const auto mode = bytes.byte();
    auto rest = bytes.rest();
    if (mode < 192) {
        handle_payload(rest, static_cast<rpcforge::Serialization>(mode % 3));
    } else if (const auto serialization = accept_upgrade(rest)) {
        handle_payload(rest, *serialization);
    }
    return 0;
}
