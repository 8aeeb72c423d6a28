#include <rpcforge/codec.hpp>

#include "codec/plain_json_reader.hpp"

#include "support/plain_filler.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace rpcforge {
namespace {

using test::plain_filler;

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

// ---- decode() reads plain JSON itself and the rest with nlohmann: the same values either way --

/// Equal and of the same types all the way down (json's == takes 1 and 1u and 1.0 as equal).
bool same_value(const json& a, const json& b) {
    if (a.type() != b.type() || a != b) return false;
    if (a.is_array())
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same_value(a[i], b[i])) return false;
    if (a.is_object())
        for (auto member = a.begin(); member != a.end(); ++member)
            if (!same_value(member.value(), b.at(member.key()))) return false;
    return true;
}

/// decode() accepts what nlohmann accepts, as the same value, and refuses the rest.
void expect_read_as_nlohmann_reads(const std::string& text) {
    const json expected = json::parse(text, nullptr, false);
    if (expected.is_discarded()) {
        EXPECT_EQ(decode_error(text).code(), error_code::parse_error) << text;
        return;
    }
    json got;
    ASSERT_NO_THROW(got = decode(text, {})) << text;
    EXPECT_TRUE(same_value(got, expected)) << text << " read as " << got.dump();
}

TEST(Codec, ReadsNumbersAsNlohmannDoes) {
    for (const char* text : {"0", "-0", "1", "-1", "01", "-", "1.", ".5", "1.0", "-0.0", "1e5", "1E+5", "1e-5", "2.5E-3",
                             "1e", "1e+", "18446744073709551615", "18446744073709551616", "9223372036854775807",
                             "-9223372036854775808", "-9223372036854775809", "12345678901234567890",
                             "1234567890123456789", "-1234567890123456789", "1e400", "-1e400", "1e-400", "4.9e-324",
                             "0.1", "3.141592653589793238462643383279", "123456789012345678901234567890.5", "+1", "0x10"})
        expect_read_as_nlohmann_reads(text);
}

TEST(Codec, ReadsStringsAsNlohmannDoes) {
    for (const char* text : {R"("")", R"("plain")", R"("\"\\\/\b\f\n\r\t")", R"("\u00e9\ud83d\ude00")", R"("\ud83d")",
                             R"("\x")", "\"caf\xC3\xA9\"", "\"\xF0\x9F\x98\x80\"", "\"\xC0\xAF\"", "\"\xE0\x80\x80\"",
                             "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xC3\"",
                             "\"tab\tin\"", "\"\x7F\"", "\"unterminated", "\"a\"b\""})
        expect_read_as_nlohmann_reads(text);
}

TEST(Codec, ReadsStructureAsNlohmannDoes) {
    for (const char* text : {"[]", "{}", " [ 1 , [ ] , { } ] ", "\t\r\n{\"a\":\n1}\n", R"({"a":1,"a":2})", R"({"b":[true,false,null]})",
                             "[1,]", "[,1]", R"({"a":1,})", R"({"a" 1})", R"({1:2})", "[1 2]", "[1]]", "[[1]", "nul", "truex",
                             "[true false]", "1 2", "\xEF\xBB\xBF[1]", "[1] // comment", "\x0c[1]", "", "   "})
        expect_read_as_nlohmann_reads(text);
    std::string deep;
    for (int depth : {63, 64, 65, 127}) {
        deep = std::string(depth, '[') + std::string(depth, ']');
        expect_read_as_nlohmann_reads(deep);
    }
}

TEST(Codec, ReadsRandomTextsAsNlohmannDoes) {
    // Messages as they come, then each cut short and with a byte changed.
    std::mt19937 random(20261121);
    const std::string samples[] = {
        R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":1})",
        R"({"jsonrpc": "2.0", "method": "plan", "params": {"order": {"id": "ORD-1", "items": [{"sku": "A\n", "qty": 3,
            "dims": [12.5, -0.25, 1e3]}], "note": null}, "urgent": true}, "id": "x-7"})",
        R"([{"jsonrpc":"2.0","method":"notify","params":["café", -9223372036854775808]},{"id":null,"result":{}}])"};
    for (const auto& sample : samples) {
        expect_read_as_nlohmann_reads(sample);
        for (int i = 0; i < 300; ++i) {
            std::string text = sample;
            const auto at = random() % text.size();
            if (i % 3 == 0)
                text.resize(at);
            else
                text[at] = static_cast<char>(i % 3 == 1 ? " ,:[]{}\"-+.eE0x\\u"[random() % 18] : random() % 256);
            expect_read_as_nlohmann_reads(text);
        }
    }
}

/// What the plain reader alone makes of `text`: the value, or nothing when it refuses.
std::optional<json> read_plainly(std::string_view text) {
    json value;
    nlohmann::detail::json_sax_dom_parser<json> builder(value, false);
    if (!detail::read_plain_json(text, builder)) return std::nullopt;
    return value;
}

// The plain reader looks at strings a word (8 bytes) at a time, and at the tail shorter than a
// word byte by byte: every byte that needs attention is put at every place in a word, in and
// after the words. The reader itself must take exactly the strings nlohmann takes, except
// those with \u escapes, which it leaves to nlohmann; decode() must make the same values.
TEST(Codec, ReadsASpecialByteAtEveryOffsetOfAStringAsNlohmannDoes) {
    const std::string specials[] = {"\"", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041", "\\x", "\\",
                                    "\n", "\t", std::string(1, '\0'), "\x1f", "\x7f", "\x80", "\xA2", "\xDC", "\xFF",
                                    "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3", "\xED\xA0\x80"};
    for (std::size_t offset = 0; offset <= 40; ++offset)
        for (const auto& special : specials)
            for (std::size_t tail : {0, 1, 7, 8, 9, 17}) {
                const std::string text = "\"" + plain_filler(offset) + special + plain_filler(tail) + "\"";
                const json expected = json::parse(text, nullptr, false);
                const auto plainly = read_plainly(text);
                const bool plain_takes_it = !expected.is_discarded() && text.find("\\u") == std::string::npos;
                ASSERT_EQ(plainly.has_value(), plain_takes_it) << "offset " << offset << ", tail " << tail << ": " << text;
                if (plainly) {
                    ASSERT_EQ(*plainly, expected) << text;
                }
                expect_read_as_nlohmann_reads(text);
                expect_read_as_nlohmann_reads("{" + text + ":" + text + "}");
            }
}

TEST(Codec, ReadsLongStrings) {
    std::string text = plain_filler(100000);
    for (std::size_t i = 5; i < text.size(); i += 997) text.replace(i, 2, i % 2 ? "\\n" : "\xC3\xA9");
    const std::string quoted = "\"" + text + "\"";
    const auto plainly = read_plainly(quoted);
    ASSERT_TRUE(plainly.has_value());
    EXPECT_EQ(*plainly, json::parse(quoted));
    EXPECT_EQ(read_plainly("\"" + plain_filler(41) + "\""), json(plain_filler(41)));
    EXPECT_FALSE(read_plainly("\"" + plain_filler(41) + "\x01" + plain_filler(2) + "\""));
}

// ---- CBOR and MessagePack -----------------------------------------------------------------

std::string to_string(const std::vector<std::uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

Error binary_error(std::string_view bytes, Serialization serialization, const Limits& limits = {}) {
    try {
        decode(bytes, limits, serialization);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "decoded without error";
    return Error(0, "");
}

std::string bytes_of(std::initializer_list<unsigned char> bytes) { return std::string(bytes.begin(), bytes.end()); }

class BinaryCodec : public ::testing::TestWithParam<Serialization> {};

TEST_P(BinaryCodec, RoundTripsAMessage) {
    auto message = json::parse(R"({"jsonrpc":"2.0","method":"sum","params":[1,-2,3.5,"x",null,true,{"a":[]}],"id":9})");
    auto bytes = encode(message, GetParam());
    EXPECT_EQ(bytes, GetParam() == Serialization::cbor ? to_string(json::to_cbor(message)) : to_string(json::to_msgpack(message)));
    EXPECT_EQ(decode(bytes, {}, GetParam()), message);
}

TEST_P(BinaryCodec, MalformedBytesAreParseErrors) {
    auto bytes = encode(json::parse(R"({"jsonrpc":"2.0","method":"sum","id":9})"), GetParam());
    EXPECT_EQ(binary_error(bytes.substr(0, bytes.size() - 2), GetParam()).code(), error_code::parse_error);
    EXPECT_EQ(binary_error(bytes + bytes, GetParam()).code(), error_code::parse_error);  // trailing bytes
    EXPECT_EQ(binary_error("", GetParam()).code(), error_code::parse_error);
    EXPECT_EQ(binary_error(bytes_of({0xc1}), GetParam()).code(), error_code::parse_error);  // reserved in both
}

TEST_P(BinaryCodec, OversizedAndDeepMessagesAreRefused) {
    Limits limits;
    limits.max_message_bytes = 10;
    EXPECT_EQ(binary_error(encode(json(std::string(20, 'x')), GetParam()), GetParam(), limits).code(),
              error_code::invalid_request);
    // An array of one array of one... a million levels deep, in a million bytes.
    std::string deep(1'000'000, static_cast<char>(GetParam() == Serialization::cbor ? 0x81 : 0x91));
    deep += '\0';
    auto error = binary_error(deep, GetParam());
    EXPECT_EQ(error.code(), error_code::invalid_request);
    EXPECT_EQ(error.data(), "nesting deeper than 128 levels");
}

TEST_P(BinaryCodec, HugeDeclaredLengthsAreNotTrusted) {
    // A string, an array and a map each claiming 2^32-1 entries, followed by a few bytes: each
    // is read only as far as the bytes go, so memory stays in proportion to the message.
    bool cbor = GetParam() == Serialization::cbor;
    for (auto header : {cbor ? bytes_of({0x7a, 0xff, 0xff, 0xff, 0xff}) : bytes_of({0xdb, 0xff, 0xff, 0xff, 0xff}),
                        cbor ? bytes_of({0x9a, 0xff, 0xff, 0xff, 0xff}) : bytes_of({0xdd, 0xff, 0xff, 0xff, 0xff}),
                        cbor ? bytes_of({0xba, 0xff, 0xff, 0xff, 0xff}) : bytes_of({0xdf, 0xff, 0xff, 0xff, 0xff})})
        EXPECT_EQ(binary_error(header + "abc", GetParam()).code(), error_code::parse_error);
    if (cbor) {  // 2^64-2: more than any vector holds
        EXPECT_EQ(binary_error(bytes_of({0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x01}), GetParam()).code(),
                  error_code::parse_error);
    }
}

INSTANTIATE_TEST_SUITE_P(Codec, BinaryCodec, ::testing::Values(Serialization::cbor, Serialization::msgpack),
                         [](const auto& info) { return info.param == Serialization::cbor ? "cbor" : "msgpack"; });

}  // namespace
}  // namespace rpcforge
