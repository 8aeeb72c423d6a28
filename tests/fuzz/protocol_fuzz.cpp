// Protocol classification (runtime/src/protocol/protocol.cpp) of any message or batch, as Peer does it:
// decode() then classify(). The input is the JSON text. classify() never throws, and what it
// decides is what JSON-RPC 2.0 says, checked here against the message itself:
// - a batch (a non-empty array within the limit) gives one classification per member, in order;
//   an empty or oversized array, or anything not an array, gives exactly one;
// - a Request had a string "method", an acceptable "jsonrpc", a legal id, structured params;
// - a Response had no "method" but a "result" or an "error";
// - an Invalid is -32600 and echoes an id only when the message had that legal id;
// - the answer made for a Request or an Invalid goes on the wire as JSON.
// Checked with the default options and with JSON-RPC 1.0 accepted and batches of at most 3.

#include "fuzz_support.hpp"

#include <rpcforge/codec.hpp>
#include <rpcforge/protocol.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using rpcforge::json;
using rpcforge::fuzz::require;

bool is_legal_id(const json& id) { return id.is_string() || id.is_number() || id.is_null(); }

void check_request(const rpcforge::Request& request, const json& message, const rpcforge::ProtocolOptions& options) {
    require(message.is_object() && message.contains("method"), "a Request from a message without \"method\"");
    require(message["method"].is_string() && message["method"] == request.method, "a Request's method is not the message's");
    const bool has_version = message.contains("jsonrpc");
    require(has_version ? message["jsonrpc"] == "2.0" : options.accept_v1, "a Request with a wrong or missing \"jsonrpc\"");
    require(request.version == (has_version ? rpcforge::Version::v2 : rpcforge::Version::v1), "a Request of the wrong version");
    const bool has_id = message.contains("id");
    require(!has_id || (is_legal_id(message["id"]) && message["id"] == request.id), "a Request's id is not the message's");
    const bool notification = request.version == rpcforge::Version::v2 ? !has_id : !has_id || message["id"].is_null();
    require(request.is_notification == notification, "a Request taken for a notification, or the other way round");
    if (message.contains("params"))
        require(request.params == message["params"] &&
                    (request.params.is_array() || (request.params.is_object() && has_version)),
                "a Request's params are not the message's, or not structured");
    else
        require(request.params.is_null(), "a Request without params has some");
}

void check_response(const rpcforge::Response& response, const json& message) {
    require(message.is_object() && !message.contains("method") && (message.contains("result") || message.contains("error")),
            "a Response from a message that is not one");
    const bool echoes = message.contains("id") && is_legal_id(message["id"]);
    require(response.id == (echoes ? message["id"] : json(nullptr)), "a Response's id is not the message's");
    const bool failed = message.contains("error") && !message["error"].is_null();
    require(response.error.has_value() == failed, "a Response's error is not the message's");
}

void check_invalid(const rpcforge::Invalid& invalid, const json& message) {
    require(invalid.error.code() == rpcforge::error_code::invalid_request, "an Invalid message that is not -32600");
    if (!invalid.id.is_null())
        require(message.is_object() && message.contains("id") && message["id"] == invalid.id,
                "an Invalid message echoes an id it did not have");
    const auto answer = rpcforge::to_wire(rpcforge::make_error(invalid.id, invalid.error));
    require(json::accept(answer), "the answer to an invalid message is not JSON", answer);
}

void check_one(const rpcforge::Message& classified, const json& message, const rpcforge::ProtocolOptions& options) {
    if (const auto* request = std::get_if<rpcforge::Request>(&classified)) {
        check_request(*request, message, options);
        const auto answer = rpcforge::to_wire(rpcforge::make_result(request->id, request->params, request->version));
        require(json::accept(answer), "the answer to a request is not JSON", answer);
    } else if (const auto* response = std::get_if<rpcforge::Response>(&classified)) {
        check_response(*response, message);
    } else {
        check_invalid(std::get<rpcforge::Invalid>(classified), message);
    }
}

void check_classified(const json& message, const rpcforge::ProtocolOptions& options) {
    const auto incoming = rpcforge::classify(message, options);
    const bool batch = message.is_array() && !message.empty() && message.size() <= options.limits.max_batch;
    require(incoming.is_batch == batch, "a batch taken for one message, or the other way round");
    if (!batch) {
        require(incoming.messages.size() == 1, "one message classified as several");
        if (message.is_array()) {
            const auto* invalid = std::get_if<rpcforge::Invalid>(&incoming.messages.front());
            require(invalid != nullptr && invalid->id.is_null(), "an empty or oversized batch is not one Invalid");
        }
        return check_one(incoming.messages.front(), message, options);
    }
    require(incoming.messages.size() == message.size(), "a batch's members are not classified one by one");
    for (std::size_t i = 0; i < message.size(); ++i) check_one(incoming.messages[i], message[i], options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    json message;
    try {
        message = rpcforge::decode(std::string_view(reinterpret_cast<const char*>(data), size), rpcforge::Limits{});
    } catch (const rpcforge::Error&) {
        return 0;  // the reader's business (json_reader_fuzz)
    }
    check_classified(message, rpcforge::ProtocolOptions{});
    rpcforge::ProtocolOptions lenient;
    lenient.accept_v1 = true;
    lenient.limits.max_batch = 3;
    check_classified(message, lenient);
    return 0;
}
