#pragma once
/// Errors: the JSON-RPC error object, and the failures a caller can see.

#include <rpcforge/json.hpp>

#include <stdexcept>
#include <string>

namespace rpcforge {

/// The error codes the JSON-RPC 2.0 specification names.
namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
/// -32099..-32000 are reserved for implementation-defined server errors.
inline constexpr int server_error_first = -32099;
inline constexpr int server_error_last = -32000;
/// rpcforge's own server errors (docs/security.md): the call came without acceptable
/// credentials, or its identity lacks every role the method requires.
inline constexpr int unauthenticated = -32001;
inline constexpr int forbidden = -32003;
}  // namespace error_code

/// A JSON-RPC error object. Thrown by a handler, it goes on the wire as it is;
/// thrown by a client call, it is the error the server answered.
class Error : public std::runtime_error {
public:
    Error(int code, std::string message, json data = nullptr)
        : std::runtime_error(message), code_(code), message_(std::move(message)), data_(std::move(data)) {}

    int code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }
    /// The optional "data" member; null when absent.
    const json& data() const noexcept { return data_; }

    /// The error object as it goes on the wire: {"code", "message"[, "data"]}.
    json to_json() const;
    /// Reads an error object received from a peer; a malformed one becomes -32603.
    static Error from_json(const json& object);

private:
    int code_;
    std::string message_;
    json data_;
};

/// The connection could not be made, or was lost before the answer came.
class ConnectionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The call was never sent: the connection was already closed (or could not be made) when it
/// was made. No server saw it, so it may be sent again elsewhere, whatever the method does.
class NotSentError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

/// No answer came within the call's timeout.
class TimeoutError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace rpcforge
