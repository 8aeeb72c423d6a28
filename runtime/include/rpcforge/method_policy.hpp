#pragma once
/// How the calls of one method are run: on which threads, and how many at once.

#include <cstddef>

namespace rpcforge {

struct MethodPolicy {
    enum class Thread {
        /// The server's handler pool (the default).
        pool,
        /// The I/O thread that read the message, with no hand-off: for tiny methods that never
        /// block (a lookup, a counter). A blocking one stalls every connection of that thread.
        io,
    };
    Thread thread = Thread::pool;
    /// Most calls of this method running at once; 0 is no cap, 1 runs them one at a time.
    /// A call past the cap waits, without holding a thread or its connection, for a turn.
    std::size_t max_concurrent = 0;
    /// Runs alone: while it runs no other call of the dispatcher does, and it waits for
    /// those running to finish. Calls that arrive while it waits queue behind it.
    bool exclusive = false;

    static MethodPolicy pool() { return {}; }
    static MethodPolicy on_io_thread() { return {.thread = Thread::io}; }
    static MethodPolicy serialized() { return {.max_concurrent = 1}; }
    static MethodPolicy capped(std::size_t max_concurrent) { return {.max_concurrent = max_concurrent}; }
    static MethodPolicy alone() { return {.exclusive = true}; }

    bool operator==(const MethodPolicy&) const = default;
};

}  // namespace rpcforge
