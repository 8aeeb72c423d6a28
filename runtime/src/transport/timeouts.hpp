#pragma once
// The deadlines a server puts on each connection (idle, and per message against slow senders),
// kept apart from any socket: a connection reports what happens, asks check() what is due, and
// runs one timer for it on its own strand.

#include <chrono>
#include <string>
#include <string_view>

namespace rpcforge::detail {

struct StreamTimeouts {
    /// Closes a connection that has sent nothing for this long while nothing it asked is
    /// unanswered. Zero: never.
    std::chrono::milliseconds idle{0};
    /// Closes a connection that started a message and did not finish it within this long.
    /// Zero: never.
    std::chrono::milliseconds read{0};

    bool any() const { return idle.count() > 0 || read.count() > 0; }
};

/// Whether a received JSON text will get an answer (or an empty skip) from the peer: it holds a
/// request or a notification, or it is not a valid message at all (answered with an error).
/// Only answers to this side's own calls get none. Reads no further than the first "method",
/// "result" or "error" member it meets.
bool expects_answer(std::string_view message);

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
    /// A whole message was handed on (`text` null: one that could not be read as a message,
    /// which is answered with an error).
    void message(const std::string* text);
    /// An answer (or a skipped one) left: the other side is no longer waiting for it. A
    /// message this side sends on its own also lands here; it only restarts the idle clock.
    void answered();
    /// Reading resumes after being held back: that time is this side's doing, not the sender's.
    void resumed();

    /// Why the connection must close now (empty: it need not), and in `next` when to look again.
    /// `reading`: a read is under way; `writing`: answers are being written.
    std::string check(bool reading, bool writing, clock::time_point& next) const;
    clock::time_point read_due() const { return partial_since_ + timeouts_.read; }
    bool has_read_deadline() const { return timeouts_.read.count() > 0; }

private:
    StreamTimeouts timeouts_;
    clock::time_point last_activity_;  // last bytes received or answer sent
    clock::time_point partial_since_;  // first byte of the unfinished message
    std::size_t unanswered_ = 0;       // received messages that will get an answer, not yet sent
    bool partial_ = false;
};

}  // namespace rpcforge::detail
