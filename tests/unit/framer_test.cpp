#include "transport/stream/framer.hpp"

#include <gtest/gtest.h>

namespace rpcforge::detail {
namespace {

struct Frames final : FrameSink {
    std::vector<std::string> messages;
    std::vector<std::pair<int, bool>> errors;  // code, fatal
    void on_frame(std::string message) override { messages.push_back(std::move(message)); }
    void on_frame_error(const Error& error, bool fatal) override { errors.emplace_back(error.code(), fatal); }
};

/// Feeds `bytes` one byte at a time, the hardest split there is.
Frames feed_bytewise(Framer& framer, std::string_view bytes) {
    Frames frames;
    for (char c : bytes) framer.feed(std::string_view(&c, 1), frames);
    return frames;
}

TEST(NewlineFramer, SplitsLinesAcceptingCrLfAndBlankLines) {
    auto framer = make_framer(Framing::newline, 100);
    auto frames = feed_bytewise(*framer, "{\"a\":1}\r\n\n  \r\n[2]\n{\"b\"");
    EXPECT_EQ(frames.messages, (std::vector<std::string>{"{\"a\":1}", "[2]"}));
    EXPECT_TRUE(framer->has_partial_frame());
    EXPECT_EQ(framer->wrap("{}"), "{}\n");
}

TEST(NewlineFramer, SkipsAnOversizedLineAndGoesOn) {
    auto framer = make_framer(Framing::newline, 10);
    Frames frames;
    framer->feed(std::string(25, 'x'), frames);
    framer->feed(std::string(25, 'x') + "\n[1]\n", frames);
    EXPECT_EQ(frames.errors, (std::vector<std::pair<int, bool>>{{error_code::invalid_request, false}}));
    EXPECT_EQ(frames.messages, std::vector<std::string>{"[1]"});
}

TEST(NewlineFramer, ALineExactlyAtTheLimitPasses) {
    auto framer = make_framer(Framing::newline, 5);
    auto frames = feed_bytewise(*framer, "12345\r\n123456\n");
    EXPECT_EQ(frames.messages, std::vector<std::string>{"12345"});
    EXPECT_EQ(frames.errors.size(), 1u);
}

/// Feeds `bytes` in pieces of `piece` bytes, as socket reads bring them.
void feed_in_pieces(Framer& framer, std::string_view bytes, std::size_t piece, Frames& frames) {
    for (std::size_t at = 0; at < bytes.size(); at += piece) framer.feed(bytes.substr(at, piece), frames);
}

// Lines longer than a read, one after another, as a peer sending large messages makes them.
TEST(NewlineFramer, LongLinesOverManyReadsArriveWhole) {
    const std::size_t long_size = (1 << 20) + 1000;
    auto framer = make_framer(Framing::newline, long_size);
    std::string first(long_size, 'a'), second(long_size, 'b'), third(long_size - 10, 'c');
    first[12345] = '1';
    second[long_size - 1] = '2';
    Frames frames;
    feed_in_pieces(*framer, first + "\n" + second + "\r\n[1]\n" + third + "\n{}\n", 16 * 1024, frames);
    EXPECT_TRUE(frames.errors.empty());
    ASSERT_EQ(frames.messages.size(), 5u);
    EXPECT_TRUE(frames.messages[0] == first);
    EXPECT_TRUE(frames.messages[1] == second);
    EXPECT_EQ(frames.messages[2], "[1]");
    EXPECT_TRUE(frames.messages[3] == third);
    EXPECT_EQ(frames.messages[4], "{}");
    // After the first, each long line is read into room made for it at once, not into a buffer
    // that doubles as it fills and so copies what it holds (the second would end at 2 MiB).
    EXPECT_LT(frames.messages[1].capacity(), long_size + 64);
}

TEST(NewlineFramer, RoomForAnExpectedLongLineKeepsTheLimit) {
    auto framer = make_framer(Framing::newline, 100000);
    Frames frames;
    feed_in_pieces(*framer, std::string(100000, 'x') + "\n" + std::string(100001, 'y') + "\n" + std::string(99999, 'z') + "\n",
                   4096, frames);
    EXPECT_EQ(frames.errors, (std::vector<std::pair<int, bool>>{{error_code::invalid_request, false}}));
    ASSERT_EQ(frames.messages.size(), 2u);
    EXPECT_EQ(frames.messages[0].size(), 100000u);
    EXPECT_EQ(frames.messages[1], std::string(99999, 'z'));
}

// Both line-ended framings: the answer is the message's own buffer, a 1 MiB one not copied.
TEST(Framers, WrapAppendsTheNewlineWithoutCopyingTheMessage) {
    for (auto framing : {Framing::newline, Framing::json}) {
        auto framer = make_framer(framing, 100);
        std::string message(1 << 20, 'x');
        message.reserve(message.size() + 1);
        const char* bytes = message.data();
        const std::string wire = framer->wrap(std::move(message));
        EXPECT_EQ(wire.data(), bytes);
        EXPECT_EQ(wire.size(), (1u << 20) + 1);
        EXPECT_EQ(wire.back(), '\n');
    }
}

TEST(ContentLengthFramer, ReadsHeadersAndBodies) {
    auto framer = make_framer(Framing::content_length, 100);
    auto frames = feed_bytewise(
        *framer, "Content-Length: 7\r\n\r\n{\"a\":1}content-length:3\r\nContent-Type: application/json\r\n\r\n[2]");
    EXPECT_EQ(frames.messages, (std::vector<std::string>{"{\"a\":1}", "[2]"}));
    EXPECT_FALSE(framer->has_partial_frame());
    EXPECT_EQ(framer->wrap("[1]"), "Content-Length: 3\r\n\r\n[1]");
}

TEST(ContentLengthFramer, SkipsAnOversizedBodyAndGoesOn) {
    auto framer = make_framer(Framing::content_length, 10);
    Frames frames;
    framer->feed("Content-Length: 30\r\n\r\n" + std::string(30, 'x') + "Content-Length: 3\r\n\r\n[1]", frames);
    EXPECT_EQ(frames.errors, (std::vector<std::pair<int, bool>>{{error_code::invalid_request, false}}));
    EXPECT_EQ(frames.messages, std::vector<std::string>{"[1]"});
}

TEST(ContentLengthFramer, BrokenHeadersAreFatal) {
    for (const char* bad : {"Content-Length: x\r\n\r\n", "Content-Type: a\r\n\r\n", "Content-Length: -1\r\n\r\n"}) {
        auto framer = make_framer(Framing::content_length, 100);
        Frames frames;
        framer->feed(bad, frames);
        framer->feed("Content-Length: 2\r\n\r\n[]", frames);
        EXPECT_EQ(frames.errors, (std::vector<std::pair<int, bool>>{{error_code::parse_error, true}})) << bad;
        EXPECT_TRUE(frames.messages.empty());
    }
    auto framer = make_framer(Framing::content_length, 100);
    Frames frames;
    framer->feed(std::string(9000, 'h'), frames);
    EXPECT_EQ(frames.errors, (std::vector<std::pair<int, bool>>{{error_code::parse_error, true}}));
}

// Found by fuzz_framer_content_length: headers just under the limit passed in one read and
// failed when a read ended before their blank line.
TEST(ContentLengthFramer, TheHeaderLimitDoesNotDependOnHowReadsSplitTheHeaders) {
    for (std::size_t header_bytes : {std::size_t{8192}, std::size_t{8193}}) {
        const std::string field = "X: " + std::string(header_bytes - 19 - 3, 'a');  // 19: "Content-Length: 2\r\n"
        const std::string stream = "Content-Length: 2\r\n" + field + "\r\n\r\n[]";
        ASSERT_EQ(stream.find("\r\n\r\n"), header_bytes);
        auto whole = make_framer(Framing::content_length, 100);
        Frames at_once;
        whole->feed(stream, at_once);
        auto bytewise = make_framer(Framing::content_length, 100);
        const auto one_by_one = feed_bytewise(*bytewise, stream);
        EXPECT_EQ(at_once.messages, one_by_one.messages) << header_bytes;
        EXPECT_EQ(at_once.errors, one_by_one.errors) << header_bytes;
        EXPECT_EQ(at_once.messages.size(), header_bytes <= 8192 ? 1u : 0u) << header_bytes;
    }
}

TEST(JsonStreamFramer, FindsTextsByTheirSyntax) {
    auto framer = make_framer(Framing::json, 1000);
    auto frames = feed_bytewise(*framer, "{\"a\":\"}]\\\"{\"}[1,\n 2]  {\n  \"b\": [{}]\n}\n42 \"x\"\n");
    EXPECT_EQ(frames.messages, (std::vector<std::string>{"{\"a\":\"}]\\\"{\"}", "[1,\n 2]", "{\n  \"b\": [{}]\n}",
                                                         "42 ", "\"x\"\n"}));
    EXPECT_FALSE(framer->has_partial_frame());
}

TEST(JsonStreamFramer, BrokenTextsEndEarlySoTheNextOneSurvives) {
    auto framer = make_framer(Framing::json, 1000);
    auto frames = feed_bytewise(*framer, "[{\"method\"]\n{\"a\": \"unterminated\n[1]");
    EXPECT_EQ(frames.messages, (std::vector<std::string>{"[{\"method\"]", "{\"a\": \"unterminated\n", "[1]"}));
}

TEST(JsonStreamFramer, SkipsAnOversizedText) {
    auto framer = make_framer(Framing::json, 10);
    Frames frames;
    framer->feed("[\"" + std::string(30, 'x') + "\"] [1]", frames);
    EXPECT_EQ(frames.errors.size(), 1u);
    EXPECT_EQ(frames.messages, std::vector<std::string>{"[1]"});
}

TEST(JsonStreamFramer, DeepOversizedTextsAreScannedInBoundedMemory) {
    auto framer = make_framer(Framing::json, 16);
    Frames frames;
    std::string opening(1 << 20, '[');
    for (int i = 0; i < 64; ++i) framer->feed(opening, frames);  // 64 MiB of '['
    std::string closing(1 << 20, ']');
    for (int i = 0; i < 64; ++i) framer->feed(closing, frames);
    framer->feed("[1]", frames);
    EXPECT_EQ(frames.errors.size(), 1u);
    EXPECT_EQ(frames.messages, std::vector<std::string>{"[1]"});
}

}  // namespace
}  // namespace rpcforge::detail
