#pragma once
// The deadlines a server puts on each connection (idle, and per message against slow senders),
// kept apart from any socket: a connection reports what happens, asks check() what is due, and
// runs one timer for it on its own strand.

#include <atomic>
#include <chrono>
#include <string>

namespace rpcforge::detail {

struct StreamTimeouts {
    /// Closes a connection that has sent nothing for this long while nothing it sent is being
    /// run or answered. Zero: never.
    std::chrono::milliseconds idle{0};
    /// Closes a connection that started a message and did not finish it within this long.
    /// Zero: never.
    std::chrono::milliseconds read{0};

    bool any() const { return idle.count() > 0 || read.count() > 0; }
};

/// The state behind both deadlines. Not thread-safe: used on the connection's strand.
class DeadlineClock {
public:
    using clock = std::chrono::steady_clock;

    explicit DeadlineClock(StreamTimeouts timeouts) : timeouts_(timeouts) {}
    bool enabled() const { return timeouts_.any(); }

    void started() { last_activity_ = clock::now(); }
    /// Bytes arrived; `unfinished`: a message is begun and not whole. True when a message has
    /// just begun, whose deadline may come before the timer's (see read_due()).
    bool received(bool unfinished);
    /// From any thread, before posting an answer (or a skipped one, or a message of this side's
    /// own) to the connection's strand: until answered() takes it, the connection is not idle.
    /// (The handler stops being busy() before the posted answer runs; this covers the gap.)
    void answer_posted() { answers_posted_.fetch_add(1, std::memory_order_acq_rel); }
    /// The posted answer reached the connection: restarts the idle clock.
    void answered();
    /// Reading resumes after being held back: that time is this side's doing, not the sender's.
    void resumed();

    /// Why the connection must close now (empty: it need not), and in `next` when to look again.
    /// `reading`: a read is under way; `busy`: messages received are being run or answered, or
    /// answers are being written (the idle deadline waits for them).
    std::string check(bool reading, bool busy, clock::time_point& next) const;
    clock::time_point read_due() const { return partial_since_ + timeouts_.read; }
    bool has_read_deadline() const { return timeouts_.read.count() > 0; }

private:
    StreamTimeouts timeouts_;
    clock::time_point last_activity_;  // last bytes received or answer sent
    clock::time_point partial_since_;  // first byte of the unfinished message
    bool partial_ = false;
    std::atomic<std::size_t> answers_posted_{0};
};

}  // namespace rpcforge::detail
