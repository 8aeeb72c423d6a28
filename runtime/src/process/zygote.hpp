#pragma once
// The helper process that forks workers: forked itself while its parent is still
// single-threaded, it stays single-threaded, so each fork it makes is safe whenever the parent
// asks for one. Workers are its children; it reaps them.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <mutex>

namespace rpcforge::detail {

/// A new worker: its pid, and the parent's end of the socketpair to it (owned by the caller).
struct SpawnedWorker {
    pid_t pid;
    int socket;
};

class Zygote {
public:
    /// Forks the helper. `worker_main` runs in each worker with the worker's end of its
    /// socketpair; the worker ends (_exit) when it returns. Throws std::system_error.
    Zygote(std::function<void(int socket)> worker_main, std::chrono::milliseconds stop_timeout);
    /// Asks the helper to end: it waits up to stop_timeout for its workers (whose connections
    /// the caller has closed), kills those left, reaps them all and exits; it is reaped here.
    ~Zygote();
    Zygote(const Zygote&) = delete;
    Zygote& operator=(const Zygote&) = delete;

    /// Forks one worker. Throws std::runtime_error when the helper does not answer in time
    /// or cannot fork.
    SpawnedWorker spawn();
    /// Kills the worker `pid` (SIGKILL) unless it has ended already; only the helper knows
    /// that for sure, so the pid of a worker reaped meanwhile is never signalled.
    void kill(pid_t pid);

private:
    std::chrono::milliseconds stop_timeout_;
    std::mutex mutex_;  // one exchange with the helper at a time
    pid_t pid_ = -1;
    int control_ = -1;
    bool broken_ = false;  // the helper missed an answer; its replies can no longer be matched
};

}  // namespace rpcforge::detail
