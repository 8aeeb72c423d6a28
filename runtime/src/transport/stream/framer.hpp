#pragma once
// Splits a byte stream into messages and wraps messages for the stream. No I/O.

#include <rpcforge/endpoint.hpp>
#include <rpcforge/error.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace rpcforge::detail {

/// What a framer finds in the bytes it is fed.
class FrameSink {
public:
    virtual ~FrameSink() = default;
    virtual void on_frame(std::string message) = 0;
    /// A frame that cannot become a message; after a fatal one the stream is unusable.
    virtual void on_frame_error(const Error& error, bool fatal) = 0;
};

class Framer {
public:
    virtual ~Framer() = default;
    /// Consumes bytes; reports every complete frame to `sink`. Buffers at most about
    /// max_message_bytes: larger frames are skipped and reported, never stored.
    virtual void feed(std::string_view bytes, FrameSink& sink) = 0;
    /// Whether bytes of an unfinished frame are buffered (input ending now truncates it).
    virtual bool has_partial_frame() const = 0;
    /// Wraps one message for the wire.
    virtual std::string wrap(std::string message) const = 0;
};

std::unique_ptr<Framer> make_framer(Framing framing, std::size_t max_message_bytes);

/// The error for a frame over the size limit.
Error oversized_frame(std::size_t limit);

}  // namespace rpcforge::detail
