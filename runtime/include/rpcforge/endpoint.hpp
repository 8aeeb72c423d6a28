#pragma once
/// Endpoints are URIs: tcp://127.0.0.1:7001, tcp://[::1]:7001, unix:///run/x.sock,
/// tls://127.0.0.1:7002 (TCP under TLS; see tls.hpp for its settings),
/// http://127.0.0.1:8080/rpc and https://... (JSON-RPC by POST to the path; see http.hpp),
/// ws://127.0.0.1:8080/rpc and wss://... (one message per WebSocket text frame),
/// stdio: (servers only: the one connection made of the process's stdin and stdout).
/// A `framing` query picks how messages are delimited on a stream:
///   ?framing=newline         one compact JSON text per line (the default)
///   ?framing=content-length  "Content-Length: N" headers, as the Language Server Protocol
///   ?framing=json            self-delimiting JSON texts back to back (jayson, geth IPC)

#include <cstdint>
#include <string>
#include <string_view>

namespace rpcforge {

enum class Framing { newline, content_length, json };

struct Endpoint {
    enum class Kind { tcp, unix_socket, tls, http, https, ws, wss, stdio };

    Kind kind = Kind::tcp;
    std::string host;  ///< tcp, tls: a name or an address, without IPv6 brackets
    std::uint16_t port = 0;
    std::string path;  ///< unix: the socket's file; http(s), ws(s): the request path ("/" when none)
    Framing framing = Framing::newline;  ///< streams only (tcp, unix, tls, stdio)

    bool is_tls() const { return kind == Kind::tls || kind == Kind::https || kind == Kind::wss; }
    bool is_http() const { return kind == Kind::http || kind == Kind::https; }
    bool is_websocket() const { return kind == Kind::ws || kind == Kind::wss; }

    /// Throws std::invalid_argument with a message that says what is wrong.
    static Endpoint parse(std::string_view uri);
    /// The canonical URI; parse(to_uri()) gives this endpoint back.
    std::string to_uri() const;
};

}  // namespace rpcforge
