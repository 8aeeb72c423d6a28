#pragma once
// What both peer servers' mains share: their two flags, and waiting for SIGTERM or SIGINT.
// Not rpcforge::StopSignals: jsonrpccpp_server is built as C++14 (libjson-rpc-cpp's headers
// use dynamic exception specifications) and links nothing of rpcforge.

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <string>

namespace peer {

struct Options {
    int port = 0;
    int threads = 0;
};

/// --port (required) and --threads (`threads_help`; `default_threads` when not given). A bad
/// flag prints a usage message and exits.
inline Options parse_options(int argc, char** argv, const std::string& description, const std::string& threads_help,
                             int default_threads) {
    CLI::App app{description};
    Options options;
    options.threads = default_threads;
    app.add_option("--port", options.port, "port on 127.0.0.1")->required()->check(CLI::Range(1, 65535));
    app.add_option("--threads", options.threads, threads_help)->check(CLI::Range(1, 1024));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        std::exit(app.exit(error));
    }
    return options;
}

/// Blocks SIGTERM and SIGINT in this thread and every thread it starts afterwards (call it
/// before the server library starts its own), so that they reach only wait_for_stop().
inline sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

inline void wait_for_stop(const sigset_t& signals) {
    int received = 0;
    sigwait(&signals, &received);
}

}  // namespace peer
