#pragma once
/// JSON-RPC messages: validation of what arrives and construction of what leaves.
/// Pure functions over JSON values; no I/O, no dispatch.

#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>
#include <rpcforge/limits.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rpcforge {

enum class Version {
    v2,  ///< JSON-RPC 2.0: {"jsonrpc": "2.0", ...}
    v1,  ///< JSON-RPC 1.0: no "jsonrpc" member; answers carry both "result" and "error".
};

struct ProtocolOptions {
    Limits limits{};
    /// Accept JSON-RPC 1.0 requests (no "jsonrpc" member) and answer them 1.0-style.
    bool accept_v1 = false;
};

/// A call or notification to run.
struct Request {
    std::string method;
    json params;  ///< array, object, or null when absent
    json id;      ///< the id exactly as sent; null for a notification
    bool is_notification = false;
    Version version = Version::v2;
};

/// An answer to a call this side made.
struct Response {
    json id;
    json result;
    std::optional<Error> error;
};

/// A message that cannot be run; answered with `error` (id null when it had none).
struct Invalid {
    json id;
    Error error;
};

using Message = std::variant<Request, Response, Invalid>;

/// One received JSON text, split into its messages.
struct Incoming {
    std::vector<Message> messages;
    bool is_batch = false;
};

/// Classifies a parsed JSON text. Never throws on bad input: everything that cannot run
/// becomes an Invalid carrying the error the specification names (an empty batch is one
/// -32600; a batch over the limit is one -32600).
Incoming classify(json message, const ProtocolOptions& options);

/// Builds the answer to a request.
json make_result(const json& id, json result, Version version = Version::v2);
json make_error(const json& id, const Error& error, Version version = Version::v2);
/// Builds a call or a notification (params omitted when null).
json make_request(const std::string& method, json params, json id);
json make_notification(const std::string& method, json params);

}  // namespace rpcforge
