#pragma once
/// What a handler may know of the call it runs, and what it may add to the answer.
///
/// Three layers, each made once where it is known and shared from then on:
///   ConnectionInfo  per connection: transport, remote address, TLS client certificate,
///                   Unix peer credentials, and the identity it authenticated as
///   MessageContext  per received message: the HTTP request that carried it, the answer's headers
///   CallContext     per call: the request, the peer, and accessors over the two above

#include <rpcforge/protocol.hpp>
#include <rpcforge/serialization.hpp>

#include <chrono>
#include <map>
#include <optional>
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

/// Who the other side proved to be (see auth.hpp), and what it may do.
struct Identity {
    /// The token's name, the user name, the certificate subject or name matched, "uid:N".
    std::string name;
    /// How it was proved: "bearer", "basic", "tls", "unix", or a custom authenticator's word.
    std::string scheme;
    std::vector<std::string> roles;

    bool has_role(std::string_view role) const;
};

/// The process on the other end of a Unix socket, as the kernel saw it connect (SO_PEERCRED).
struct UnixPeerCredentials {
    int pid = 0;
    unsigned uid = 0;
    unsigned gid = 0;
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
    /// The subject alternative names of that certificate, as "DNS:host", "email:a@b",
    /// "URI:spiffe://...", "IP:10.0.0.1".
    std::vector<std::string> tls_peer_names{};
    /// unix:// connections: who connected.
    std::optional<UnixPeerCredentials> unix_peer{};
    /// Set when the server authenticated the connection as a whole (streams, WebSocket).
    std::shared_ptr<const Identity> identity{};
    /// Non-empty: the server's authentication refused this stream connection; each of its
    /// calls is answered with error_code::unauthenticated and this text, and runs nothing.
    std::string authentication_refused{};
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
    /// Who sent it, when authenticated per message (HTTP: each request carries credentials);
    /// middleware may set it too. CallContext::identity() falls back to the connection's.
    std::shared_ptr<const Identity> identity;
    /// When the message was received; set only when the dispatcher has middleware (a clock
    /// read per message is not paid otherwise). Default: the epoch.
    std::chrono::steady_clock::time_point received{};
    /// The message is a batch: HTTP status choices of single calls do not apply to it.
    bool is_batch = false;
    /// An HTTP status for the answer's response instead of 200 (refused single calls: 401,
    /// 403); 0 leaves it 200. Only HTTP looks at it.
    unsigned http_status = 0;
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
    /// Who the caller proved to be: the message's identity, else the connection's; null
    /// when it was not authenticated.
    const Identity* identity() const;
    /// The peer process of a unix:// connection; null on other transports.
    const UnixPeerCredentials* unix_peer() const;
    /// A cookie of that request, or null.
    const std::string* cookie(std::string_view name) const;
    /// Adds a header to the HTTP response that carries the answer. False (and nothing done)
    /// when the transport has no such response: anything but HTTP.
    bool set_header(std::string name, std::string value);
    /// Adds "Set-Cookie: name=value; attributes". False as set_header.
    bool set_cookie(const std::string& name, const std::string& value, const std::string& attributes = "Path=/; HttpOnly");
};

}  // namespace rpcforge
