#pragma once
/// What a handler may know of the call it runs, and what it may add to the answer.
///
/// Three layers, each made once where it is known and shared from then on:
///   ConnectionInfo  per connection: transport, remote address, TLS client certificate
///   MessageContext  per received message: the HTTP request that carried it, the answer's headers
///   CallContext     per call: the request, the peer, and accessors over the two above

#include <rpcforge/protocol.hpp>
#include <rpcforge/serialization.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rpcforge {

class Dispatcher;
class Peer;

/// HTTP header fields in arrival order; names compare case-insensitively.
class Headers {
public:
    /// The first value of `name`, or null.
    const std::string* find(std::string_view name) const;
    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
    /// Room for `count` fields without growing.
    void reserve(std::size_t count) { fields_.reserve(count); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

/// Facts about one connection, fixed when it is made.
struct ConnectionInfo {
    /// "tcp", "unix", "tls", "http", "https", "ws", "wss" or "memory".
    std::string transport;
    /// Where the other side is, as a URI-like text (e.g. "tcp://127.0.0.1:53012").
    std::string remote_address;
    /// The subject of the certificate the other side presented and this side verified
    /// (mutual TLS), as a one-line distinguished name ("CN=alice,O=Example"); empty otherwise.
    std::string tls_peer_subject;
};

/// The HTTP request that carried a message: the POST itself, or for WebSocket the upgrade.
struct HttpRequestInfo {
    std::string method;
    std::string target;
    Headers headers;
    /// From the Cookie headers.
    std::map<std::string, std::string, std::less<>> cookies;
};

/// One received message, seen by every call in it (a batch shares one).
struct MessageContext {
    std::shared_ptr<const ConnectionInfo> connection;
    /// Null unless the message came over HTTP or WebSocket.
    std::shared_ptr<const HttpRequestInfo> http;
    /// How the message was written; its answer goes out the same way.
    Serialization serialization = Serialization::json;
    /// Whether the answer goes out in an HTTP response of its own, which can carry
    /// response_headers (HTTP: yes; WebSocket frames and streams: no).
    bool has_response_headers = false;
    /// Headers, Set-Cookie included, that handlers add to the answer's HTTP response.
    Headers response_headers;
    /// Cleared by the dispatcher for methods whose answers must not be compressed.
    bool compressible = true;
    /// The dispatcher that runs this message when not the connection's own (one HTTP server
    /// serves several dispatchers on different paths).
    const Dispatcher* dispatcher = nullptr;
};

/// Passed to handlers that ask for it: a typed handler whose first parameter is
/// `CallContext&` (or `const CallContext&`) receives it; it is not a JSON parameter.
struct CallContext {
    const Request& request;
    /// The connection the call came on, to call or notify that client back.
    /// Null when the dispatcher is used without a connection.
    std::shared_ptr<Peer> peer;
    MessageContext& message;

    /// "tcp", "unix", "tls", "http", "https", "ws", "wss", "memory"; "" without a connection.
    const std::string& transport() const;
    const std::string& remote_address() const;
    /// The verified client certificate's subject under mutual TLS; "" otherwise.
    const std::string& tls_peer_subject() const;
    /// A header of the HTTP request (or WebSocket upgrade) that carried the call, or null.
    const std::string* header(std::string_view name) const;
    /// A cookie of that request, or null.
    const std::string* cookie(std::string_view name) const;
    /// Adds a header to the HTTP response that carries the answer. False (and nothing done)
    /// when the transport has no such response: anything but HTTP.
    bool set_header(std::string name, std::string value);
    /// Adds "Set-Cookie: name=value; attributes". False as set_header.
    bool set_cookie(const std::string& name, const std::string& value, const std::string& attributes = "Path=/; HttpOnly");
};

}  // namespace rpcforge
