#pragma once
/// Lets a server's main wait for SIGINT or SIGTERM and then stop gracefully.

#include <chrono>
#include <csignal>

namespace rpcforge {

/// Blocks SIGINT and SIGTERM in the calling thread and in every thread it starts afterwards,
/// so the signals wait for wait() instead of killing the process midway. Construct it first
/// thing in main, before any thread exists.
class StopSignals {
public:
    StopSignals();
    /// Blocks until SIGINT or SIGTERM arrives; returns the signal's number.
    int wait();
    /// As wait(), for at most `timeout`; 0 when no signal came.
    int wait_for(std::chrono::milliseconds timeout);

private:
    sigset_t signals_;
};

}  // namespace rpcforge
