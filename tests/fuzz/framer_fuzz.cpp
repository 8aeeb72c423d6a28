// A stream framing (runtime/src/transport/stream/framer.cpp), chosen at build time: one program per
// framing (RPCFORGE_FUZZ_FRAMING_newline, _content_length, _json_stream).
//
// Input: one byte choosing the size limit, eight bytes of chunk sizes, then the stream. Checked:
// - what comes out (frames, errors and whether they are fatal, in order, and whether a partial
//   frame is left) is the same whether the stream arrives whole, a byte at a time, or in the
//   chunk sizes of the input: a socket read's size never changes a message;
// - no frame is longer than the limit;
// - the frames, wrapped again and sent as one stream in chunks, come out as the same frames.

#include "fuzz_support.hpp"
#include "transport/stream/framer.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using rpcforge::fuzz::FuzzBytes;
using rpcforge::fuzz::require;

#if defined(RPCFORGE_FUZZ_FRAMING_newline)
constexpr auto framing = rpcforge::Framing::newline;
#elif defined(RPCFORGE_FUZZ_FRAMING_content_length)
constexpr auto framing = rpcforge::Framing::content_length;
#elif defined(RPCFORGE_FUZZ_FRAMING_json_stream)
constexpr auto framing = rpcforge::Framing::json;
#else
#error "define RPCFORGE_FUZZ_FRAMING_<framing>"
#endif

/// Everything a framer reported, in order: a frame, or an error as "!code" ("!!code" if fatal).
struct Events final : rpcforge::detail::FrameSink {
    std::vector<std::string> events;
    std::vector<std::string> frames;
    bool partial = false;

    void on_frame(std::string message) override {
        events.push_back("frame " + message);
        frames.push_back(std::move(message));
    }
    void on_frame_error(const rpcforge::Error& error, bool fatal) override {
        events.push_back((fatal ? "!!" : "!") + std::to_string(error.code()));
    }
};

std::string describe(const Events& events) {
    std::string text;
    for (const auto& event : events.events) text += "[" + event + "] ";
    return text + (events.partial ? "(partial)" : "");
}

/// Feeds `stream` to a new framer in chunks of the sizes given, cycling through them.
Events feed(std::string_view stream, std::size_t limit, const std::vector<std::size_t>& chunk_sizes) {
    auto framer = rpcforge::detail::make_framer(framing, limit);
    Events events;
    for (std::size_t at = 0, i = 0; at < stream.size(); ++i) {
        const auto chunk = chunk_sizes[i % chunk_sizes.size()];
        framer->feed(stream.substr(at, chunk), events);
        at += chunk;
    }
    events.partial = framer->has_partial_frame();
    return events;
}

void same_events(const Events& expected, const Events& got, std::string_view how) {
    require(expected.events == got.events && expected.partial == got.partial, how,
            describe(expected) + "\n  vs " + describe(got));
}

/// Frames ending in '\r' are the one exception to the round trip: a line's one '\r' before its
/// '\n' belongs to the line ending, so "a\r\r\n" is the frame "a\r", and wrapped it is "a".
bool wraps_back(const std::string& frame) {
    return framing != rpcforge::Framing::newline || frame.empty() || frame.back() != '\r';
}

void frames_round_trip(const Events& received, std::size_t limit, const std::vector<std::size_t>& chunk_sizes) {
    auto wrapper = rpcforge::detail::make_framer(framing, limit);
    std::string stream;
    std::vector<std::string> sent;
    for (const auto& frame : received.frames) {
        if (!wraps_back(frame)) continue;
        stream += wrapper->wrap(frame);
        sent.push_back(frame);
    }
    const auto back = feed(stream, limit, chunk_sizes);
    require(back.frames == sent && back.events.size() == sent.size() && !back.partial,
            "wrapped frames do not come back as they were", describe(back));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzBytes bytes(data, size);
    const auto limit_choice = bytes.byte();
    // Small limits find the edges of the size checks; the large one lets everything through.
    const std::size_t limit = limit_choice < 128 ? limit_choice % 64 : 1 << 20;
    std::vector<std::size_t> chunk_sizes;
    for (int i = 0; i < 8; ++i) chunk_sizes.push_back(1 + bytes.byte() % 32);
    const auto stream = bytes.rest();

    const auto whole = feed(stream, limit, {stream.size() + 1});
    same_events(whole, feed(stream, limit, {1}), "a byte at a time gives other frames than at once");
    same_events(whole, feed(stream, limit, chunk_sizes), "chunks give other frames than the whole stream");
    for (const auto& frame : whole.frames) require(frame.size() <= limit, "a frame longer than the limit");
    frames_round_trip(whole, limit, chunk_sizes);
    return 0;
}
