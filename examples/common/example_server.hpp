#pragma once
// What every example server shares: its command line for endpoints, TLS and threads, and the
// loop that serves until SIGINT or SIGTERM and then stops gracefully.

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace rpcforge::examples {

struct ServerCommandLine {
    std::vector<std::string> listen;
    ServerOptions options;
};

/// Adds --listen (repeatable, every endpoint kind), --tls-cert, --tls-key, --tls-ca and
/// --threads to `app`. `line.listen` holds the default endpoint until the flags replace it.
void add_server_options(CLI::App& app, ServerCommandLine& line);

/// After parsing: a CA file given means clients must present a certificate it signed.
void finish_server_options(ServerCommandLine& line);

/// Listens on every endpoint of `line`, printing "listening on URI" for each (the port chosen
/// when the URI asked for port 0), serves until `stop_signals` catches SIGINT or SIGTERM, then
/// stops gracefully. Returns main's exit status: 1, with the reason on stderr, when an endpoint
/// cannot be opened.
int serve_until_stopped(Server& server, const ServerCommandLine& line, StopSignals& stop_signals,
                        const std::string& program);

}  // namespace rpcforge::examples
