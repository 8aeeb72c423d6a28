#pragma once
/// TLS settings for tls:// (and the other TLS endpoints). TLS 1.2 is the oldest version
/// either side accepts. Files are PEM.

#include <chrono>
#include <string>

namespace rpcforge {

struct TlsServerOptions {
    /// The server's certificate (its chain may follow it in the file) and private key.
    /// Listening on a TLS endpoint without them throws std::invalid_argument.
    std::string certificate_file{};
    std::string private_key_file{};
    /// The certificate authorities whose client certificates are trusted.
    std::string ca_file{};
    /// Mutual TLS: a client must present a certificate signed by a CA of ca_file, or the
    /// handshake fails. Its subject is then in CallContext::tls_peer_subject().
    bool require_client_certificate = false;
    /// A client that has not finished the handshake by then is disconnected.
    std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
};

struct TlsClientOptions {
    /// The certificate authorities trusted to sign the server's certificate; empty: the
    /// system's trust store.
    std::string ca_file{};
    /// Only for mutual TLS: this client's certificate and private key.
    std::string certificate_file{};
    std::string private_key_file{};
    /// Checks the server's certificate chain and that it names the host of the URI. Turn off
    /// only for tests against a throw-away certificate.
    bool verify_server = true;
};

}  // namespace rpcforge
