#pragma once
// Certificates for TLS tests, made with the openssl command the first time they are asked
// for in a process, in a fresh temporary folder.

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <string>

namespace rpcforge::test {

struct Certificates {
    std::string folder;
    std::string ca;             ///< the test CA's certificate: trusted by both sides
    std::string server_cert;    ///< for 127.0.0.1, ::1 and localhost, signed by the CA
    std::string server_key;
    std::string client_cert;    ///< subject CN=alice,O=rpcforge tests, names email:alice@rpcforge.test and
                                ///< URI:spiffe://rpcforge.test/alice; signed by the CA
    std::string client_key;
    std::string rogue_cert;     ///< CN=mallory, signed by a CA nobody trusts
    std::string rogue_key;
};

/// Throws std::runtime_error when openssl fails.
const Certificates& certificates();

/// A server's TLS options with the test certificates (mutual TLS when asked).
TlsServerOptions server_tls(bool require_client_certificate = false);
/// A client's TLS options trusting the test CA, presenting alice's certificate when asked.
TlsClientOptions client_tls(bool with_client_certificate = false);

}  // namespace rpcforge::test
