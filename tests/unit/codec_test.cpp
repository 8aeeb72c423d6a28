#include <rpcforge/codec.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace rpcforge {
namespace {

Error decode_error(std::string_view text, const Limits& limits = {}) {
    try {
        decode(text, limits);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "decoded without error: " << text.substr(0, 80);
    return Error(0, "");
}

TEST(Codec, DecodesJson) {
    EXPECT_EQ(decode(R"({"a": [1, "x", null]})", {}), json::parse(R"({"a": [1, "x", null]})"));
}

TEST(Codec, KeepsTheFullInt64AndUint64Range) {
    auto value = decode(R"([-9223372036854775808, 9223372036854775807, 18446744073709551615])", {});
    EXPECT_EQ(value[0].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(value[1].get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(value[2].get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(to_wire(value), "[-9223372036854775808,9223372036854775807,18446744073709551615]");
}

TEST(Codec, SyntaxErrorIsParseErrorWithThePlace) {
    auto error = decode_error(R"({"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz])");
    EXPECT_EQ(error.code(), error_code::parse_error);
    EXPECT_EQ(error.message(), "Parse error");
    EXPECT_NE(error.data().get<std::string>().find("line 1, column"), std::string::npos) << error.data();
}

TEST(Codec, TruncatedInputIsParseError) {
    EXPECT_EQ(decode_error(R"({"jsonrpc": "2.0", "method": "sub)").code(), error_code::parse_error);
    EXPECT_EQ(decode_error("").code(), error_code::parse_error);
}

TEST(Codec, InvalidUtf8IsParseError) {
    EXPECT_EQ(decode_error("{\"method\": \"\xff\xfe\"}").code(), error_code::parse_error);
    EXPECT_EQ(decode_error("{\"method\": \"\xc3\"}").code(), error_code::parse_error);    // cut sequence
    EXPECT_EQ(decode_error("{\"method\": \"\xed\xa0\x80\"}").code(), error_code::parse_error);  // surrogate
}

TEST(Codec, NestingUpToTheLimitIsAccepted) {
    Limits limits;
    limits.max_depth = 4;
    EXPECT_NO_THROW(decode("[[[{}]]]", limits));
    auto error = decode_error("[[[[[]]]]]", limits);
    EXPECT_EQ(error.code(), error_code::invalid_request);
    EXPECT_EQ(error.data(), "nesting deeper than 4 levels");
}

TEST(Codec, AMillionNestedArraysAreRefusedWithoutBuildingThem) {
    std::string deep(1'000'000, '[');
    deep.append(1'000'000, ']');
    EXPECT_EQ(decode_error(deep).code(), error_code::invalid_request);
}

TEST(Codec, OversizedTextIsRefused) {
    Limits limits;
    limits.max_message_bytes = 10;
    auto error = decode_error(R"({"a": "0123456789"})", limits);
    EXPECT_EQ(error.code(), error_code::invalid_request);
    EXPECT_EQ(error.data(), "message of 19 bytes exceeds the limit of 10 bytes");
}

TEST(Codec, InvalidUtf8FromAHandlerIsRepairedOnTheWayOut) {
    EXPECT_EQ(to_wire(json("a\xff" "b")), "\"a\xEF\xBF\xBD" "b\"");
}

}  // namespace
}  // namespace rpcforge
