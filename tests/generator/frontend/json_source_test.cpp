#include "frontend/openrpc/json_source.hpp"

#include <gtest/gtest.h>

namespace rpcforge::frontend::openrpc {
namespace {

JsonDocument read(std::string_view text) {
    diagnostics::Sink sink;
    auto document = read_json(text, "t.json", sink);
    EXPECT_FALSE(sink.has_errors()) << diagnostics::format(sink.all().front());
    return document ? std::move(*document) : JsonDocument{};
}

std::vector<std::string> errors_of(std::string_view text) {
    diagnostics::Sink sink;
    auto document = read_json(text, "t.json", sink);
    EXPECT_FALSE(document.has_value());
    std::vector<std::string> lines;
    for (const auto& diagnostic : sink.all()) lines.push_back(diagnostics::format(diagnostic));
    return lines;
}

TextPosition value_at(const JsonDocument& document, const std::string& pointer) {
    return document.positions.value(pointer).value_or(TextPosition{});
}

TextPosition key_at(const JsonDocument& document, const std::string& pointer) {
    return document.positions.key(pointer).value_or(TextPosition{});
}

TEST(JsonSource, KeepsTheValueAndTheOrderOfMembers) {
    auto document = read(R"({"z": 1, "a": [true, null, "x"], "m": {"q": 1.5}})");
    EXPECT_EQ(document.root.dump(), R"({"z":1,"a":[true,null,"x"],"m":{"q":1.5}})");
}

TEST(JsonSource, RecordsWhereEveryValueAndKeyStarts) {
    auto document = read(
        "{\n"
        "  \"name\": \"calc\",\n"
        "  \"list\": [1, 22 , -3.5e2,\n"
        "           {\"deep\": [true,false,null]}],\n"
        "  \"empty\": {}, \"none\": []\n"
        "}\n");
    EXPECT_EQ(value_at(document, ""), (TextPosition{1, 1}));
    EXPECT_EQ(key_at(document, "/name"), (TextPosition{2, 3}));
    EXPECT_EQ(value_at(document, "/name"), (TextPosition{2, 11}));
    EXPECT_EQ(value_at(document, "/list"), (TextPosition{3, 11}));
    EXPECT_EQ(value_at(document, "/list/0"), (TextPosition{3, 12}));
    EXPECT_EQ(value_at(document, "/list/1"), (TextPosition{3, 15}));
    EXPECT_EQ(value_at(document, "/list/2"), (TextPosition{3, 20}));
    EXPECT_EQ(value_at(document, "/list/3"), (TextPosition{4, 12}));
    EXPECT_EQ(key_at(document, "/list/3/deep"), (TextPosition{4, 13}));
    EXPECT_EQ(value_at(document, "/list/3/deep"), (TextPosition{4, 21}));
    EXPECT_EQ(value_at(document, "/list/3/deep/0"), (TextPosition{4, 22}));
    EXPECT_EQ(value_at(document, "/list/3/deep/1"), (TextPosition{4, 27}));
    EXPECT_EQ(value_at(document, "/list/3/deep/2"), (TextPosition{4, 33}));
    EXPECT_EQ(value_at(document, "/empty"), (TextPosition{5, 12}));
    EXPECT_EQ(key_at(document, "/none"), (TextPosition{5, 16}));
    EXPECT_EQ(value_at(document, "/none"), (TextPosition{5, 24}));
}

// The lexer reads one character past a number; positions after it must not shift.
TEST(JsonSource, NumbersLookingAheadDoNotShiftWhatFollows) {
    auto packed = read(R"({"a":1,"b":[10],"c":-0.5}  )");
    EXPECT_EQ(value_at(packed, "/a"), (TextPosition{1, 6}));
    EXPECT_EQ(key_at(packed, "/b"), (TextPosition{1, 8}));
    EXPECT_EQ(value_at(packed, "/b/0"), (TextPosition{1, 13}));
    EXPECT_EQ(key_at(packed, "/c"), (TextPosition{1, 17}));
    EXPECT_EQ(value_at(packed, "/c"), (TextPosition{1, 21}));
    auto at_end = read("42");
    EXPECT_EQ(value_at(at_end, ""), (TextPosition{1, 1}));
    auto nested_end = read("[[1],[2]]");
    EXPECT_EQ(value_at(nested_end, "/1"), (TextPosition{1, 6}));
    EXPECT_EQ(value_at(nested_end, "/1/0"), (TextPosition{1, 7}));
}

TEST(JsonSource, StringsWithEscapesAndColumnsInCodePoints) {
    auto document = read("{\"a\\\"b\": \"x\\\\\", \"é\": \"ü\\u00e9\", \"c\": 1}");
    EXPECT_TRUE(document.root.contains("a\"b"));
    EXPECT_EQ(key_at(document, "/a\"b"), (TextPosition{1, 2}));
    EXPECT_EQ(value_at(document, "/a\"b"), (TextPosition{1, 10}));
    EXPECT_EQ(key_at(document, "/é"), (TextPosition{1, 17}));
    EXPECT_EQ(value_at(document, "/é"), (TextPosition{1, 22}));
    EXPECT_EQ(key_at(document, "/c"), (TextPosition{1, 33}));
}

TEST(JsonSource, KeysAreEscapedInPointers) {
    auto document = read(R"({"a/b": {"~": 1}})");
    EXPECT_EQ(value_at(document, "/a~1b/~0"), (TextPosition{1, 15}));
}

TEST(JsonSource, ByteOrderMarkIsNotAColumn) {
    auto document = read("\xEF\xBB\xBF{\"a\": 1}");
    EXPECT_EQ(value_at(document, ""), (TextPosition{1, 1}));
    EXPECT_EQ(value_at(document, "/a"), (TextPosition{1, 7}));
}

TEST(JsonSource, CarriageReturnsAndTabs) {
    auto document = read("{\r\n\t\"a\":\t1\r\n}");
    EXPECT_EQ(key_at(document, "/a"), (TextPosition{2, 2}));
    EXPECT_EQ(value_at(document, "/a"), (TextPosition{2, 7}));
}

TEST(JsonSource, LocationsCarryFileAndPointer) {
    auto document = read("{\n  \"a\": [0]\n}");
    EXPECT_EQ(document.at("/a/0"), (model::SourceLocation{"t.json", 2, 9, "/a/0"}));
    EXPECT_EQ(document.at_key("/a"), (model::SourceLocation{"t.json", 2, 3, "/a"}));
    EXPECT_EQ(document.at_key("/a/0"), (model::SourceLocation{"t.json", 2, 9, "/a/0"}));
    EXPECT_EQ(document.at("/missing"), (model::SourceLocation{"t.json", 0, 0, "/missing"}));
}

TEST(JsonSource, SyntaxErrorsAreAtTheTokenAtFault) {
    EXPECT_EQ(
        errors_of("{\"a\": 1,}"),
        std::vector<std::string>{
            "t.json:1:9: error: syntax error while parsing object key - unexpected '}'; expected string literal"});
    EXPECT_EQ(errors_of("{\n  \"a\": 1\n  \"b\": 2\n}"),
              std::vector<std::string>{
                  "t.json:3:3: error: syntax error while parsing object - unexpected string literal; expected '}'"});
    EXPECT_EQ(errors_of("[1,,2]"),
              std::vector<std::string>{"t.json:1:4: error: syntax error while parsing value - unexpected ','; "
                                       "expected '[', '{', or a literal"});
    EXPECT_EQ(errors_of("{\"a\" 1}"),
              std::vector<std::string>{
                  "t.json:1:6: error: syntax error while parsing object separator - unexpected number literal; "
                  "expected ':'"});
    EXPECT_EQ(errors_of("{\"a\": \"x\\\\\" \"b\"}"),
              std::vector<std::string>{
                  "t.json:1:13: error: syntax error while parsing object - unexpected string literal; expected '}'"});
}

TEST(JsonSource, LexicalErrorsAreAtTheCharacterThatBrokeTheToken) {
    EXPECT_EQ(errors_of("{\"a\": tru}"),
              std::vector<std::string>{"t.json:1:10: error: syntax error while parsing value - invalid literal"});
    EXPECT_EQ(errors_of("[-]"), std::vector<std::string>{"t.json:1:3: error: syntax error while parsing value - "
                                                         "invalid number; expected digit after '-'"});
    EXPECT_EQ(errors_of("{\"a\": \"x\ny\"}"),
              std::vector<std::string>{"t.json:1:9: error: syntax error while parsing value - invalid string: control "
                                       "character U+000A (LF) must be escaped to \\u000A or \\n"});
}

TEST(JsonSource, TruncatedAndEmptyInputAreAtTheEnd) {
    EXPECT_EQ(errors_of(""), std::vector<std::string>{"t.json:1:1: error: syntax error while parsing value - "
                                                      "unexpected end of input; expected '[', '{', or a literal"});
    EXPECT_EQ(errors_of("[1,\n 2"), std::vector<std::string>{"t.json:2:3: error: syntax error while parsing array - "
                                                             "unexpected end of input; expected ']'"});
    EXPECT_EQ(errors_of("{\"a\": \"b"), std::vector<std::string>{"t.json:1:9: error: syntax error while parsing "
                                                                 "value - invalid string: missing closing quote"});
}

TEST(JsonSource, TrailingTextIsAnError) {
    EXPECT_EQ(errors_of("{} {}"), std::vector<std::string>{"t.json:1:4: error: syntax error while parsing value - "
                                                           "unexpected '{'; expected end of input"});
}

TEST(JsonSource, EveryDuplicateKeyIsReported) {
    EXPECT_EQ(
        errors_of("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}, \"a\": 3}"),
        (std::vector<std::string>{"t.json:1:24: error: duplicate key 'c'", "t.json:1:33: error: duplicate key 'a'"}));
}

TEST(JsonSource, RefusesNestingBeyondTheLimit) {
    std::string deep(max_json_depth + 1, '[');
    deep += std::string(max_json_depth + 1, ']');
    EXPECT_EQ(errors_of(deep),
              std::vector<std::string>{"t.json:1:257: error: values are nested deeper than 256 levels"});
    std::string fine(max_json_depth, '[');
    fine += std::string(max_json_depth, ']');
    read(fine);
}

}  // namespace
}  // namespace rpcforge::frontend::openrpc
