// to_wire() writes JSON itself, for speed; what it writes must stay exactly what nlohmann's
// dump(-1, ' ', false, replace) writes, so every case here compares the two.

#include <rpcforge/json.hpp>

#include "support/plain_filler.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

namespace rpcforge {
namespace {

using test::plain_filler;

std::string nlohmann_text(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

void expect_same_as_nlohmann(const json& value) { EXPECT_EQ(to_wire(value), nlohmann_text(value)); }

TEST(JsonWire, Scalars) {
    for (const json& value : {json(nullptr), json(true), json(false), json(0), json(-1), json(42u),
                              json(std::numeric_limits<std::int64_t>::min()), json(std::numeric_limits<std::int64_t>::max()),
                              json(std::numeric_limits<std::uint64_t>::max())})
        expect_same_as_nlohmann(value);
}

TEST(JsonWire, FloatsAsNlohmannWritesThem) {
    const double values[] = {0.0, -0.0, 4.0, 12.5, -8.25, 0.1, 1e20, 1e21, 1e-7, 3.141592653589793, 5e-324,
                             std::numeric_limits<double>::max(), std::numeric_limits<double>::min(), 123456789012345680.0};
    for (double value : values) expect_same_as_nlohmann(value);
    EXPECT_EQ(to_wire(json(4.0)), "4.0");
}

TEST(JsonWire, NonFiniteFloatsAreNull) {
    for (double value : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        EXPECT_EQ(to_wire(json(value)), "null");
        expect_same_as_nlohmann(value);
    }
}

TEST(JsonWire, EveryAsciiCharacterInAString) {
    std::string all;
    for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
    expect_same_as_nlohmann(all);
    EXPECT_EQ(to_wire(json("\"\\\b\f\n\r\t\x01\x1f/")), R"("\"\\\b\f\n\r\t\u0001\u001f/")");
}

TEST(JsonWire, Utf8AndInvalidBytesInStringsAndKeys) {
    const std::string texts[] = {"caf\xC3\xA9", "\xF0\x9F\x98\x80 smile", "a\xff" "b", "\xC3", "x\xE2\x82", "\xED\xA0\x80",
                                 "\xC0\xAF", "\xF4\x90\x80\x80", "ok\n\xC3\xA9\t\xff\"end"};
    for (const auto& text : texts) {
        expect_same_as_nlohmann(text);
        expect_same_as_nlohmann(json::object({{text, text}}));
    }
}

TEST(JsonWire, ContainersAndBinary) {
    expect_same_as_nlohmann(json::array());
    expect_same_as_nlohmann(json::object());
    expect_same_as_nlohmann(json::parse(R"({"b":[1,{"c":null,"a":[[],{}]}],"a":"x","\n":true})"));
    expect_same_as_nlohmann(json::binary({1, 2, 3}));
    expect_same_as_nlohmann(json::binary({0xff}, 7));
    expect_same_as_nlohmann(json{{"bytes", json::binary({9})}, {"list", {1, json::binary({})}}});
}

// The writer looks at strings a word (8 bytes) at a time, and at the tail shorter than a word
// byte by byte: every special byte is put at every place in a word, in and after the words.
TEST(JsonWire, ASpecialByteAtEveryOffsetOfAString) {
    const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "\x80", "\xA2", "\xDC",
                                    "\xFF", "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3", "\"\\\t"};
    for (std::size_t offset = 0; offset <= 40; ++offset)
        for (const auto& special : specials)
            for (std::size_t tail : {0, 1, 7, 8, 9, 17}) {
                const std::string text = plain_filler(offset) + special + plain_filler(tail);
                ASSERT_EQ(to_wire(text), nlohmann_text(text)) << "offset " << offset << ", tail " << tail;
                const json object = json::object({{text, offset}});
                ASSERT_EQ(to_wire(object), nlohmann_text(object)) << "offset " << offset << ", tail " << tail;
            }
}

TEST(JsonWire, LongStringsAreEscapedWhereverTheirSpecialBytesAre) {
    std::string text = plain_filler(100000);
    for (std::size_t i = 5; i < text.size(); i += 997) text[i] = i % 2 ? '\n' : '"';
    expect_same_as_nlohmann(text);
    EXPECT_EQ(to_wire(plain_filler(41)), "\"" + plain_filler(41) + "\"");
    EXPECT_EQ(to_wire(plain_filler(19) + "\x01" + plain_filler(3)), "\"" + plain_filler(19) + "\\u0001" + plain_filler(3) + "\"");
}

/// Random values with random bytes in strings and keys, to cover what the cases above miss.
class RandomValues {
public:
    json value(int depth) {
        switch (pick(depth > 0 ? 8 : 6)) {
            case 0: return nullptr;
            case 1: return pick(2) == 0;
            case 2: return static_cast<std::int64_t>(random_()) >> pick(64);
            case 3: return random_() >> pick(64);
            case 4: return std::ldexp(static_cast<double>(random_() >> 11), pick(200) - 100) * (pick(2) ? 1 : -1);
            case 5: return text();
            case 6: {
                json array = json::array();
                for (int n = pick(5); n > 0; --n) array.push_back(value(depth - 1));
                return array;
            }
            default: {
                json object = json::object();
                for (int n = pick(5); n > 0; --n) object[text()] = value(depth - 1);
                return object;
            }
        }
    }

private:
    int pick(int below) { return static_cast<int>(random_() % static_cast<std::uint64_t>(below)); }

    std::string text() {
        std::string out;
        const bool ascii = pick(4) != 0;
        for (int n = pick(12); n > 0; --n) out.push_back(static_cast<char>(ascii ? pick(0x80) : pick(0x100)));
        return out;
    }

    std::mt19937_64 random_{20261121};
};

TEST(JsonWire, RandomValues) {
    RandomValues values;
    for (int i = 0; i < 2000; ++i) {
        const json value = values.value(4);
        ASSERT_EQ(to_wire(value), nlohmann_text(value)) << "case " << i;
    }
}

}  // namespace
}  // namespace rpcforge
