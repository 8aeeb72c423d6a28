#pragma once
/// Limits on what a peer may send. Every one has a safe default and is settable.

#include <cstddef>

namespace rpcforge {

struct Limits {
    /// Largest message, in bytes, that is read and parsed. A larger one is answered with
    /// -32600 without being buffered.
    std::size_t max_message_bytes = 8 * 1024 * 1024;
    /// Deepest nesting of arrays and objects in a message (the message itself is depth 1).
    std::size_t max_depth = 128;
    /// Most requests in one batch.
    std::size_t max_batch = 1000;
    /// Flow control, per connection: past either of these the connection stops reading until
    /// answers go out, so a peer that sends faster than it reads cannot grow memory.
    /// Messages received and not yet answered (a batch counts once):
    std::size_t max_queued_messages = 256;
    /// Bytes of answers waiting to be written:
    std::size_t max_queued_write_bytes = 16 * 1024 * 1024;
};

}  // namespace rpcforge
