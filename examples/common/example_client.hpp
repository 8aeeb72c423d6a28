#pragma once
// What every example client shares: the flags for TLS endpoints (tls://, https://, wss://).

#include <rpcforge/tls.hpp>

#include <CLI/CLI.hpp>

namespace rpcforge::examples {

/// Adds --tls-ca (the CA the server's certificate is checked against; default: the system's),
/// --tls-cert and --tls-key (this client's certificate, for servers that ask for one).
void add_client_tls_options(CLI::App& app, TlsClientOptions& tls);

}  // namespace rpcforge::examples
