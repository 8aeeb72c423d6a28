#pragma once
/// The standard server: the command line every rpcforge server needs (endpoints, TLS,
/// threads, mode, limits, authentication, metrics, health, access log, a config file) and the
/// loop that serves until SIGINT or SIGTERM, then stops gracefully. A service's main:
///
///     int main(int argc, char** argv) {
///         rpcforge::StandardServer standard("calculator", {"tcp://127.0.0.1:7001"});
///         if (auto status = standard.parse(argc, argv)) return *status;
///         calc::CalculatorService service;
///         rpcforge::Dispatcher dispatcher;
///         calc::bind(service).add_to(dispatcher);
///         return standard.serve(dispatcher);
///     }
///
/// Link rpcforge::standard_server (it brings CLI11). See docs/server.md.

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rpcforge {

/// Everything the command line sets; public so that a program may set defaults before
/// parse() or look at the outcome after it.
struct StandardServerSettings {
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

    /// Authentication: any of these turns it on (and then clients without credentials are
    /// refused unless allow_anonymous).
    std::filesystem::path bearer_tokens_file;
    std::filesystem::path htpasswd_file;
    std::string realm = "rpcforge";
    std::vector<std::string> tls_allow;
    std::vector<unsigned> unix_allow_uids;
    std::vector<unsigned> unix_allow_gids;
    /// "NAME ROLE..." per line: roles for identities (htpasswd users, certificate subjects).
    std::filesystem::path roles_file;
    bool allow_anonymous = false;

    /// HTTP endpoints serve the Prometheus text here ("" : no metrics).
    std::string metrics_route;
    /// HTTP endpoints answer health checks here ("": none); rpc_health adds the method.
    std::string health_route;
    bool rpc_health = false;
    /// One JSON line per call ("": none); reopened on SIGHUP and SIGUSR1.
    std::filesystem::path access_log;

    /// Discovery (docs/scale-out.md): registers the server as an instance of the service the
    /// URI names (etcd://HOST:PORT[,...]/SERVICE, registry://...) while it serves, reachable at
    /// `advertise` (default: the first endpoint listened on), under a TTL renewed every third
    /// of it. A prefork server registers once, not once per worker. Deregistered before the
    /// drain of a graceful stop.
    std::string register_uri;
    std::string advertise;
    std::chrono::seconds register_ttl{10};
    std::string register_version;
};

/// Sets a server up before it listens (routes, connection callbacks); called in the process
/// that serves, which in prefork mode is each worker.
using ServerSetup = std::function<void(Server&)>;

class StandardServer {
public:
    /// `name` heads --help; `default_listen` stands until --listen replaces it. Construct it
    /// first thing in main, before any thread exists: it blocks SIGINT and SIGTERM (StopSignals).
    StandardServer(std::string name, std::vector<std::string> default_listen);

    /// The parser, to add a program's own flags before parse().
    CLI::App& app() { return app_; }
    StandardServerSettings& settings() { return settings_; }

    /// Parses the command line (and the --config file it names). Returns the status main
    /// should exit with when it must not serve (--help: 0; a bad flag or file: 1 or CLI11's
    /// code, with a usage message on stderr); nullopt to go on.
    std::optional<int> parse(int argc, const char* const* argv);

    /// Serves `dispatcher` as the settings say until SIGINT or SIGTERM (or, in stdio mode, the
    /// end of stdin), then stops gracefully, draining first for --drain. Adds the access log
    /// and metrics middleware, and rpc.health, to `dispatcher` (it must not be serving yet).
    /// Returns main's exit status: 1, with the reason on stderr, when an endpoint cannot be
    /// opened or a file (log, access log, auth) cannot be read or written.
    int serve(Dispatcher& dispatcher, const ServerSetup& setup = {});

    /// Runs `callback` when a stop signal comes, first thing, before the server deregisters,
    /// drains and stops: to answer what waits on the server's own state (long polls, say), so
    /// that the stop need not wait for it. In prefork mode it runs in each worker. Call it
    /// before serve().
    void on_stopping(std::function<void()> callback) { on_stopping_ = std::move(callback); }

    /// The metrics of the serving process (null without --metrics-route). In prefork mode
    /// each worker has its own.
    std::shared_ptr<Metrics> metrics() const { return metrics_; }

private:
    void add_options();
    void check_settings() const;

    std::string name_;
    StopSignals stop_signals_;
    CLI::App app_;
    StandardServerSettings settings_;
    double drain_seconds_ = 0;
    std::shared_ptr<Metrics> metrics_;
    std::function<void()> on_stopping_;
    /// The server serving in this process while serve() runs: what rpc.health reports on.
    std::atomic<Server*> serving_{nullptr};
};

}  // namespace rpcforge
