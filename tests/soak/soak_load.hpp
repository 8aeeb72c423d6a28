#pragma once
// The soak's load: clients that call over one transport, each loop bounded in time and in
// count, every answer checked against what was sent.

#include <rpcforge/client.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace rpcforge::soak {

using Clock = std::chrono::steady_clock;

/// What happened to the calls, from every load thread.
struct Tally {
    std::atomic<std::size_t> sent{0};
    std::atomic<std::size_t> answered{0};
    /// Answered -32603 because the pool worker running the call was killed: an answer.
    std::atomic<std::size_t> worker_killed{0};
    /// Calls on connections that a fault closed (prefork restarts): not owed an answer.
    std::atomic<std::size_t> connection_closed{0};
    std::atomic<std::size_t> connections{0};

    /// Records a broken promise (a lost or wrong answer); the first few are kept for the report.
    void fail(const std::string& what);
    std::size_t failure_count() const { return failures_.load(); }
    std::vector<std::string> first_failures() const;

private:
    std::atomic<std::size_t> failures_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> kept_;
};

struct LoadTarget {
    std::string name;  ///< for messages: "tcp", "tls", ...
    std::string uri;
    ClientOptions options;
    /// The full soak service (echo, length, version, fib on the pool), or echo alone.
    bool full_service = true;
    /// The server may close the connection on purpose (a prefork restart): calls then lost
    /// are counted apart, and the client connects again.
    bool may_close = false;
};

/// Connects, makes a few dozen checked calls (and a batch), disconnects, again until `until`.
void run_caller(const LoadTarget& target, Clock::time_point until, Tally& tally, unsigned seed);

/// Over a tcp:// URI: sends many large calls without reading, stalls long enough for the
/// server's flow control to stop reading it, then reads every answer; again until `until`.
void run_stalled_reader(const std::string& uri, Clock::time_point until, Tally& tally);

/// Over an http:// URI: pipelines requests, stalls, then reads every response in order.
void run_http_pipeliner(const std::string& uri, Clock::time_point until, Tally& tally);

}  // namespace rpcforge::soak
