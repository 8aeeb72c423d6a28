#pragma once
/// A pool of worker processes for CPU-heavy methods: a server hands chosen methods to them, so
/// that a long computation neither holds the server's threads nor, if it crashes, the server.
///
/// The server and each worker talk JSON-RPC over a Unix socketpair (newline framing), with the
/// same Peer and Dispatcher as any connection. Workers are forked by a small helper process
/// (the "zygote"), itself forked when the pool is made: a worker that dies can then be
/// replaced at any time, without ever forking the multi-threaded server. See
/// docs/process-pool.md.

#include <rpcforge/dispatcher.hpp>
#include <rpcforge/limits.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge {

namespace detail {
struct PoolState;
}  // namespace detail

struct ProcessPoolOptions {
    /// Worker processes. Each runs one call at a time; calls beyond that wait in a worker's queue.
    std::size_t workers = 2;
    /// A call a worker has not answered by then fails with -32603, and the worker, which may be
    /// stuck, is killed and replaced.
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    /// On the messages between the server and its workers, both ways.
    Limits limits{};
    /// How long the pool's destructor waits for workers to end by themselves before killing them.
    std::chrono::milliseconds stop_timeout{std::chrono::seconds(5)};
};

/// How one worker stands, as workers() reports it.
struct WorkerStatus {
    int pid;
    /// Calls sent to it and not yet answered.
    std::size_t in_flight;
};

class ProcessPool {
public:
    /// Forks the helper process, which forks the workers; each worker serves `worker_dispatcher`
    /// on its end of a socketpair. Workers are copies of this process as it is now: make the
    /// pool after registering every method of `worker_dispatcher`, and before this process
    /// starts any thread (a fork while other threads hold locks can leave the copy stuck; the
    /// pool's own thread starts after its fork). Throws std::system_error when it cannot fork.
    explicit ProcessPool(const Dispatcher& worker_dispatcher, ProcessPoolOptions options = {});
    /// Stops (see stop()).
    ~ProcessPool();
    ProcessPool(const ProcessPool&) = delete;
    ProcessPool& operator=(const ProcessPool&) = delete;

    /// Registers on `dispatcher` a handler for each of `methods` that sends the call to the
    /// least busy worker and answers with its answer; an error a worker answers comes back as it
    /// was (code, message, data). A worker that dies fails only the calls it was running (and
    /// any queued on it) with -32603, and a new one takes its place. Throws std::invalid_argument
    /// when a name is registered already.
    void route(Dispatcher& dispatcher, const std::vector<std::string>& methods);

    /// The live workers.
    std::vector<WorkerStatus> workers() const;

    /// Closes the workers' connections (calls still waiting fail with -32603), waits for the
    /// processes to end (killing them after options.stop_timeout) and reaps every one: none is
    /// left behind, zombie or not. Safe to call twice. Shut down in this order: Server::stop(),
    /// then this, then destroy the server: the pool's thread delivers the workers' answers, and
    /// the last reference to a server's connection may go with one, which needs the server.
    void stop();

private:
    std::shared_ptr<detail::PoolState> state_;
};

}  // namespace rpcforge
