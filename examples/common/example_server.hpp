#pragma once
// What every example server shares: its command line for endpoints, TLS, threads, the mode it
// runs in (threaded, prefork, stdio) and where its messages go, and the loop that serves until
// SIGINT or SIGTERM (or, in stdio mode, the end of stdin) and then stops gracefully.

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace rpcforge::examples {

struct ServerCommandLine {
    std::vector<std::string> listen;
    ServerOptions options;
    /// threaded: one process serves every endpoint; prefork: `workers` processes share them;
    /// stdio: one connection over stdin and stdout (the endpoints are ignored).
    std::string mode = "threaded";
    std::size_t workers = 2;
    /// Where the server's own messages ("listening on", "stopping") go: empty is stdout (stderr
    /// in stdio mode, where stdout carries only JSON-RPC).
    std::string log_file;
    bool quiet = false;
};

/// Adds --listen (repeatable, every endpoint kind), --tls-cert, --tls-key, --tls-ca, --threads,
/// --mode, --workers, --log-file and --quiet to `app`. `line.listen` holds the default
/// endpoint until the flags replace it.
void add_server_options(CLI::App& app, ServerCommandLine& line);

/// After parsing: a CA file given means clients must present a certificate it signed.
void finish_server_options(ServerCommandLine& line);

/// Sets a server up before it listens (routes, connection callbacks); called in the process
/// that serves, which in prefork mode is each worker.
using ServerSetup = std::function<void(Server&)>;

/// Makes the server in the process that serves (each worker in prefork mode: the parent starts
/// no thread before it forks), listens on every endpoint of `line`, logging "listening on URI"
/// for each (the port chosen when the URI asked for port 0), serves until `stop_signals` catches
/// SIGINT or SIGTERM (or stdin ends, in stdio mode), then stops gracefully. Returns main's exit
/// status: 1, with the reason on stderr, when an endpoint cannot be opened or the log file
/// cannot be written.
int serve_until_stopped(const Dispatcher& dispatcher, const ServerCommandLine& line, StopSignals& stop_signals,
                        const std::string& program, const ServerSetup& setup = {});

}  // namespace rpcforge::examples
