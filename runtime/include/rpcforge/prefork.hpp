#pragma once
/// Prefork mode: the listening sockets are bound once, in a parent process, and served by N
/// worker processes forked from it, each with its own Server. A worker that dies is replaced;
/// SIGINT or SIGTERM to the parent stops every worker gracefully and reaps it. SIGHUP restarts
/// in place: each worker is replaced by a fresh one, then stopped gracefully (it finishes and
/// answers what it has), while the listening sockets stay open, so no connection is refused.
///
///     int main() {
///         rpcforge::StopSignals signals;          // first: every process blocks them
///         rpcforge::Dispatcher dispatcher;        // ... methods added ...
///         rpcforge::Prefork prefork({.workers = 4});
///         prefork.listen("tcp://0.0.0.0:7001");
///         return prefork.run([&](const std::vector<rpcforge::BoundSocket>& sockets) {
///             rpcforge::StopSignals worker_signals;
///             rpcforge::Server server(dispatcher);  // made in the worker: its threads too
///             for (const auto& socket : sockets) server.listen(socket);
///             server.start();
///             worker_signals.wait();
///             server.stop();
///             return 0;
///         });
///     }

#include <rpcforge/bound_socket.hpp>
#include <rpcforge/server.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace rpcforge {

struct PreforkOptions {
    /// Worker processes kept running.
    std::size_t workers = 2;
    /// How long workers have to stop gracefully after the parent passes SIGTERM on; those still
    /// running then are killed.
    std::chrono::milliseconds stop_deadline{std::chrono::seconds(15)};
    /// A worker that exits sooner than this after it started has failed to start; after
    /// `max_failed_starts` such failures in a row the parent stops everything and run()
    /// returns 1 rather than forking forever.
    std::chrono::milliseconds min_worker_life{std::chrono::seconds(1)};
    std::size_t max_failed_starts = 5;
    /// Hears what the parent does ("worker 1234 started", "worker 1234 killed by signal 9"),
    /// for the server's log. Called in the parent only.
    std::function<void(const std::string&)> log{};
    /// Runs in the parent when SIGINT or SIGTERM comes, before the workers are told to stop:
    /// to deregister the server from discovery while the workers still serve (they drain).
    std::function<void()> on_stop{};
};

class Prefork {
public:
    /// What each worker runs, in its own process: serve `sockets` until SIGINT or SIGTERM, then
    /// stop and return the worker's exit status. SIGINT and SIGTERM arrive blocked, as
    /// StopSignals leaves them, and SIGCHLD as the default.
    using Worker = std::function<int(const std::vector<BoundSocket>& sockets)>;

    explicit Prefork(PreforkOptions options = {});
    /// Closes the bound sockets (removing Unix sockets' files) in the parent.
    ~Prefork();
    Prefork(const Prefork&) = delete;
    Prefork& operator=(const Prefork&) = delete;

    /// Binds tcp:// or unix:// `uri` now, in this process; returns the URI bound (port 0
    /// replaced). Throws as bind_socket() does.
    std::string listen(const std::string& uri);
    const std::vector<BoundSocket>& sockets() const { return sockets_; }

    /// Forks the workers, replaces those that die, and returns once SIGINT or SIGTERM has come
    /// and every worker is reaped: 0, or 1 when workers kept failing to start. Call it from a
    /// process that has started no thread yet (fork copies only the calling thread), with
    /// SIGINT and SIGTERM blocked (StopSignals made first thing in main). Returns only in the
    /// parent: a worker's process ends when `worker` returns.
    int run(const Worker& worker);

private:
    struct Child {
        int pid;
        std::chrono::steady_clock::time_point started;
    };

    void start_worker(const Worker& worker);
    void restart_workers(const Worker& worker);
    bool reap_and_replace(const Worker& worker);
    void stop_workers();
    void log(const std::string& message) const;

    PreforkOptions options_;
    std::vector<BoundSocket> sockets_;
    std::vector<Child> children_;
    std::vector<Child> retiring_;  // replaced by a restart, stopping; not replaced when they end
    std::size_t failed_starts_ = 0;
};

}  // namespace rpcforge
