#pragma once
// The deadlines a server puts on each stream connection, and what they need to know of a message.

#include <chrono>
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

}  // namespace rpcforge::detail
