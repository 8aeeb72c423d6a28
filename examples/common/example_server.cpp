#include "example_server.hpp"

#include <rpcforge/prefork.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace rpcforge::examples {
namespace {

/// The server's own messages: to stdout, stderr, a file, or nowhere.
class Log {
public:
    explicit Log(const ServerCommandLine& line) {
        if (line.quiet) return;
        if (!line.log_file.empty()) {
            file_.open(line.log_file, std::ios::app);
            if (file_) stream_ = &file_;
            return;
        }
        stream_ = line.mode == "stdio" ? &std::cerr : &std::cout;
    }
    /// False when a log file was asked for and cannot be written.
    bool ok(const ServerCommandLine& line) const { return line.quiet || line.log_file.empty() || file_.is_open(); }
    void operator()(const std::string& message) {
        if (stream_) *stream_ << message << std::endl;
    }

private:
    std::ofstream file_;
    std::ostream* stream_ = nullptr;
};

int fail(const std::string& program, const std::string& why) {
    std::cerr << program << ": " << why << std::endl;
    return 1;
}

int serve_threaded(const Dispatcher& dispatcher, const ServerCommandLine& line, StopSignals& stop_signals,
                   const std::string& program, const ServerSetup& setup, Log& log) {
    Server server(dispatcher, line.options);
    if (setup) setup(server);
    try {
        for (const auto& uri : line.listen) log("listening on " + server.listen(uri));
    } catch (const std::exception& e) {
        return fail(program, e.what());
    }
    server.start();
    stop_signals.wait();
    log("server: stopping");
    server.stop();
    return 0;
}

int serve_stdio(const Dispatcher& dispatcher, const ServerCommandLine& line, StopSignals& stop_signals,
                const std::string& program, const ServerSetup& setup, Log& log) {
    Server server(dispatcher, line.options);
    if (setup) setup(server);
    try {
        log("listening on " + server.listen("stdio:"));
    } catch (const std::exception& e) {
        return fail(program, e.what());
    }
    server.start();
    // Done when the client closes our stdin (and every answer is out), or on a signal.
    while (!server.stdio_closed())
        if (stop_signals.wait_for(std::chrono::milliseconds(50)) != 0) break;
    log("server: stopping");
    server.stop();
    return 0;
}

int serve_prefork(const Dispatcher& dispatcher, const ServerCommandLine& line, const std::string& program,
                  const ServerSetup& setup, Log& log) {
    PreforkOptions options;
    options.workers = line.workers;
    options.log = [&log](const std::string& message) { log("server: " + message); };
    std::optional<Prefork> prefork;
    try {
        prefork.emplace(options);
        for (const auto& uri : line.listen) log("listening on " + prefork->listen(uri));
    } catch (const std::exception& e) {
        return fail(program, e.what());
    }
    int status = prefork->run([&](const std::vector<BoundSocket>& sockets) {
        StopSignals worker_signals;
        Server server(dispatcher, line.options);
        if (setup) setup(server);
        for (const auto& socket : sockets) server.listen(socket);
        server.start();
        worker_signals.wait();
        server.stop();
        return 0;
    });
    log("server: stopped");
    return status;
}

}  // namespace

void add_server_options(CLI::App& app, ServerCommandLine& line) {
    app.add_option("--listen", line.listen,
                   "endpoint to listen on (repeatable): tcp://, unix://, tls://, http://, https://, ws://, wss://")
        ->capture_default_str();
    app.add_option("--tls-cert", line.options.tls.certificate_file, "PEM certificate for tls://, https:// and wss://");
    app.add_option("--tls-key", line.options.tls.private_key_file, "PEM private key for tls://, https:// and wss://");
    app.add_option("--tls-ca", line.options.tls.ca_file, "PEM CA file: clients must present a certificate it signed");
    app.add_option("--threads", line.options.threads, "handler threads")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--mode", line.mode,
                   "threaded: one process; prefork: --workers processes share tcp:// and unix:// endpoints (each "
                   "with its own state); stdio: one connection over stdin/stdout, --listen ignored")
        ->capture_default_str()
        ->check(CLI::IsMember({"threaded", "prefork", "stdio"}));
    app.add_option("--workers", line.workers, "worker processes in prefork mode")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--log-file", line.log_file, "append the server's own messages to this file");
    app.add_flag("--quiet", line.quiet, "print no messages of the server's own");
}

void finish_server_options(ServerCommandLine& line) {
    line.options.tls.require_client_certificate = !line.options.tls.ca_file.empty();
}

int serve_until_stopped(const Dispatcher& dispatcher, const ServerCommandLine& line, StopSignals& stop_signals,
                        const std::string& program, const ServerSetup& setup) {
    Log log(line);
    if (!log.ok(line)) return fail(program, "cannot write the log file " + line.log_file);
    if (line.mode == "stdio") return serve_stdio(dispatcher, line, stop_signals, program, setup, log);
    if (line.mode == "prefork") return serve_prefork(dispatcher, line, program, setup, log);
    return serve_threaded(dispatcher, line, stop_signals, program, setup, log);
}

}  // namespace rpcforge::examples
