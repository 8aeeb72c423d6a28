#include "view/cpp_spelling.hpp"

#include <gtest/gtest.h>

namespace rpcforge::view {
namespace {

using model::Type;
using Kind = model::Type::Kind;

model::Service service_with_types() {
    model::Service service;
    service.types.push_back(model::Struct{{"point", "Point"}, {}, {}, {}, {}});
    service.types.push_back(model::Enum{{"Rounding", "Rounding"}, {{"nearest", "nearest"}, {"to-zero", "to_zero"}}, {}, {}, {}});
    return service;
}

TEST(CppSpelling, EveryKindOfType) {
    const auto service = service_with_types();
    const TypeTable index(service);
    EXPECT_EQ(cpp_type(Type::of(Kind::boolean), index), "bool");
    EXPECT_EQ(cpp_type(Type::of(Kind::uint32), index), "std::uint32_t");
    EXPECT_EQ(cpp_type(Type::of(Kind::json), index), "rpcforge::json");
    EXPECT_EQ(cpp_type(Type::array_of(Type::optional_of(Type::of(Kind::int32))), index),
              "std::vector<std::optional<std::int32_t>>");
    EXPECT_EQ(cpp_type(Type::map_of(Type::array_of(Type::of(Kind::number))), index),
              "std::map<std::string, std::vector<double>>");
}

TEST(CppSpelling, NamedTypesByCppOrWireName) {
    const auto service = service_with_types();
    const TypeTable index(service);
    EXPECT_EQ(cpp_type(Type::named_type("Point"), index), "Point");
    EXPECT_EQ(cpp_type(Type::named_type("point"), index), "Point");
    EXPECT_EQ(index.wire_name("Point"), "point");
    EXPECT_TRUE(index.is_enum("Rounding"));
    EXPECT_FALSE(index.is_enum("Point"));
}

TEST(CppSpelling, PassingAndInitialisation) {
    const auto service = service_with_types();
    const TypeTable index(service);
    EXPECT_TRUE(is_cheap_to_copy(Type::optional_of(Type::of(Kind::int64)), index));
    EXPECT_TRUE(is_cheap_to_copy(Type::named_type("Rounding"), index));
    EXPECT_FALSE(is_cheap_to_copy(Type::of(Kind::string), index));
    EXPECT_FALSE(is_cheap_to_copy(Type::named_type("Point"), index));
    EXPECT_TRUE(needs_value_initialisation(Type::of(Kind::number), index));
    EXPECT_FALSE(needs_value_initialisation(Type::optional_of(Type::of(Kind::number)), index));
}

TEST(CppSpelling, PhrasesForErrorMessages) {
    auto service = service_with_types();
    service.types.push_back(model::Struct{{"Expr", "Expr"}, {}, {}, {}, {}});
    const TypeTable index(service);
    EXPECT_EQ(json_kind_phrase(Type::named_type("Point"), index), "a point");
    EXPECT_EQ(json_kind_phrase(Type::named_type("Expr"), index), "an Expr");
    EXPECT_EQ(json_kind_phrase(Type::optional_of(Type::of(Kind::int64)), index), "an integer or null");
}

TEST(CppSpelling, StringLiteralsAreEscaped) {
    EXPECT_EQ(escape_string("say \"hi\"\\n"), "say \\\"hi\\\"\\\\n");
    EXPECT_EQ(escape_string("tab\there\nline"), "tab\\there\\nline");
    EXPECT_EQ(escape_string(std::string("\x01", 1)), "\\001");
}

TEST(CppSpelling, RawStringLiteralsChooseAFreeDelimiter) {
    EXPECT_EQ(raw_string_literal("{\"a\": 1}", "json"), "R\"json({\"a\": 1})json\"");
    EXPECT_EQ(raw_string_literal("x)json\"y", "json"), "R\"json1(x)json\"y)json1\"");
    EXPECT_EQ(raw_string_literal("x)json\" )json1\"", "json"), "R\"json2(x)json\" )json1\")json2\"");
}

TEST(CppSpelling, DefaultValuesAsCppExpressions) {
    const auto service = service_with_types();
    const TypeTable index(service);
    EXPECT_EQ(cpp_default_value("true", Type::of(Kind::boolean), index), "true");
    EXPECT_EQ(cpp_default_value("42", Type::of(Kind::int32), index), "42");
    EXPECT_EQ(cpp_default_value("42", Type::of(Kind::uint64), index), "42u");
    EXPECT_EQ(cpp_default_value("-9223372036854775808", Type::of(Kind::int64), index), "-9223372036854775807 - 1");
    EXPECT_EQ(cpp_default_value("1.5", Type::of(Kind::number), index), "1.5");
    EXPECT_EQ(cpp_default_value("\"a \\\"b\\\"\"", Type::of(Kind::string), index), "\"a \\\"b\\\"\"");
    EXPECT_EQ(cpp_default_value("\"to-zero\"", Type::named_type("Rounding"), index), "Rounding::to_zero");
    EXPECT_EQ(cpp_default_value("null", Type::optional_of(Type::of(Kind::int32)), index), "std::nullopt");
    EXPECT_EQ(cpp_default_value("7", Type::optional_of(Type::of(Kind::int32)), index), "7");
    EXPECT_EQ(cpp_default_value("[]", Type::array_of(Type::of(Kind::int32)), index), "{}");
    EXPECT_EQ(cpp_default_value("{}", Type::map_of(Type::of(Kind::int32)), index), "{}");
    EXPECT_EQ(cpp_default_value("[1, 2]", Type::array_of(Type::of(Kind::int32)), index),
              "rpcforge::generated::parse_default<std::vector<std::int32_t>>(R\"json([1,2])json\")");
    EXPECT_EQ(cpp_default_value("{\"x\": 1}", Type::named_type("Point"), index),
              "rpcforge::generated::parse_default<Point>(R\"json({\"x\":1})json\")");
    EXPECT_EQ(cpp_default_value("{\"x\": 1}", Type::of(Kind::json), index),
              "rpcforge::json::parse(R\"json({\"x\":1})json\")");
}

TEST(CppSpelling, SnakeCase) {
    EXPECT_EQ(snake_case("Calculator"), "calculator");
    EXPECT_EQ(snake_case("HTTPServer"), "http_server");
    EXPECT_EQ(snake_case("MyService2"), "my_service2");
    EXPECT_EQ(snake_case("already_snake"), "already_snake");
}

}  // namespace
}  // namespace rpcforge::view
