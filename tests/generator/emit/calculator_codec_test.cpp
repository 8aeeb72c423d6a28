// The generated codecs of the Calculator's types: strict, naming the failing place, absent and
// null apart, defaults applied.

#include "calculator_types.hpp"

#include <gtest/gtest.h>

namespace {

using rpcforge::json;

template <class T>
std::string conversion_error(const json& value, const std::string& where) {
    try {
        rpcforge::convert<T>(value, where);
    } catch (const rpcforge::ConversionError& e) {
        return e.what();
    }
    return "no error";
}

template <class T>
T round_trip(const T& value) {
    return rpcforge::convert<T>(rpcforge::to_json_value(value), "value");
}

TEST(GeneratedCodecs, StructsRoundTripAndOptionalFieldsAreLeftOutWhenEmpty) {
    const calc::Point point{1.5, -2, std::nullopt};
    EXPECT_EQ(rpcforge::to_json_value(point), json::parse(R"({"x": 1.5, "y": -2.0})"));
    EXPECT_EQ(round_trip(point), point);
    const calc::Point labelled{0, 0, "origin"};
    EXPECT_EQ(rpcforge::to_json_value(labelled).at("label"), "origin");
    EXPECT_EQ(round_trip(labelled), labelled);
}

TEST(GeneratedCodecs, ErrorsNameTheFailingField) {
    const json circle = json::parse(R"({"kind": "circle", "center": {"x": "1", "y": 2}, "radius": 1})");
    EXPECT_EQ(conversion_error<calc::Shape>(circle, "shape"), "'shape.center.x' must be a number, got a string");
    EXPECT_EQ(conversion_error<calc::Point>(json::parse(R"({"x": 1})"), "p"), "'p.y' is missing");
    EXPECT_EQ(conversion_error<calc::Point>(json::array(), "p"), "'p' must be an object, got an array");
    EXPECT_EQ(conversion_error<calc::Point>(json::parse(R"({"x": 1, "y": 2, "label": null})"), "p"),
              "'p.label' must be a string, got null");
}

TEST(GeneratedCodecs, IntegersAreRangeChecked) {
    json settings = json::parse(R"({"note": null, "precision": 3000000000})");
    EXPECT_EQ(conversion_error<calc::Settings>(settings, "s"),
              "'s.precision' is out of range: 3000000000 is not in [-2147483648, 2147483647]");
    settings["precision"] = 2.5;
    EXPECT_EQ(conversion_error<calc::Settings>(settings, "s"), "'s.precision' must be an integer, got a number");
    settings = json::parse(R"({"note": null, "limits": {"a": -1}})");
    EXPECT_NE(conversion_error<calc::Settings>(settings, "s").find("'s.limits.a' is out of range"), std::string::npos);
}

TEST(GeneratedCodecs, DefaultsAreAppliedToAbsentFields) {
    const auto settings = rpcforge::convert<calc::Settings>(json::parse(R"({"note": null})"), "s");
    EXPECT_EQ(settings.precision, 2);
    EXPECT_EQ(settings.rounding, calc::Rounding::nearest);
    EXPECT_TRUE(settings.tags.empty());
    EXPECT_EQ(settings, calc::Settings{});
}

TEST(GeneratedCodecs, AbsentAndNullStayApart) {
    const auto absent = rpcforge::convert<calc::Settings>(json::parse(R"({"note": null})"), "s");
    EXPECT_FALSE(absent.comment.has_value());
    const auto null = rpcforge::convert<calc::Settings>(json::parse(R"({"note": null, "comment": null})"), "s");
    ASSERT_TRUE(null.comment.has_value());
    EXPECT_FALSE(null.comment->has_value());
    EXPECT_FALSE(rpcforge::to_json_value(absent).contains("comment"));
    EXPECT_EQ(rpcforge::to_json_value(null).at("comment"), nullptr);
    EXPECT_EQ(conversion_error<calc::Settings>(json::object(), "s"), "'s.note' is missing");
}

TEST(GeneratedCodecs, ContainersOfOptionalsAndMaps) {
    calc::Settings settings;
    settings.scores = std::vector<std::optional<std::int32_t>>{1, std::nullopt, 3};
    settings.limits = std::map<std::string, std::uint64_t>{{"max", 18446744073709551615u}};
    const json encoded = rpcforge::to_json_value(settings);
    EXPECT_EQ(encoded.at("scores"), json::parse("[1, null, 3]"));
    EXPECT_EQ(encoded.at("limits").at("max"), 18446744073709551615u);
    EXPECT_EQ(round_trip(settings), settings);
}

TEST(GeneratedCodecs, EnumsTravelAsTheirWireStrings) {
    EXPECT_EQ(calc::to_string(calc::Rounding::to_zero), "to-zero");
    EXPECT_EQ(rpcforge::to_json_value(calc::Rounding::to_zero), "to-zero");
    EXPECT_EQ(rpcforge::convert<calc::Rounding>("to-zero", "r"), calc::Rounding::to_zero);
    EXPECT_EQ(conversion_error<calc::Rounding>("up", "r"), R"('r' must be one of "nearest", "down", "to-zero", got "up")");
    EXPECT_EQ(conversion_error<calc::Rounding>(3, "r"), "'r' must be a string, got an integer");
}

TEST(GeneratedCodecs, DiscriminatedVariantsPickByTheirProperty) {
    const calc::Shape square = calc::Square{{1, 2, std::nullopt}, 3};
    const json encoded = rpcforge::to_json_value(square);
    EXPECT_EQ(encoded, json::parse(R"({"corner": {"x": 1.0, "y": 2.0}, "side": 3.0, "kind": "square"})"));
    EXPECT_EQ(round_trip(square), square);
    EXPECT_EQ(conversion_error<calc::Shape>(json::parse(R"({"side": 1})"), "shape"), "'shape.kind' is missing");
    EXPECT_EQ(conversion_error<calc::Shape>(json::parse(R"({"kind": "triangle"})"), "shape"),
              R"('shape.kind' must be one of "circle", "square", got "triangle")");
}

TEST(GeneratedCodecs, OtherVariantsTryTheirAlternativesInOrder) {
    EXPECT_EQ(rpcforge::convert<calc::Value>(2.5, "v"), calc::Value(2.5));
    EXPECT_EQ(rpcforge::convert<calc::Value>("text", "v"), calc::Value(std::string("text")));
    EXPECT_EQ(conversion_error<calc::Value>(true, "v"), "'v' must be a number or a string, got a boolean");
}

TEST(GeneratedCodecs, RecursiveTypes) {
    calc::Tree tree{"root", {calc::Tree{"a", {}, {}}, calc::Tree{"b", {calc::Tree{"c", {}, {}}}, {}}}, {}};
    tree.next = calc::Tree{"sibling", {}, {}};
    const json encoded = rpcforge::to_json_value(tree);
    EXPECT_EQ(encoded.at("next").at("label"), "sibling");
    EXPECT_FALSE(encoded.at("children")[0].contains("next"));
    EXPECT_EQ(round_trip(tree), tree);
    EXPECT_EQ(tree.next->label, "sibling");
    // Fields in the order the struct declares them (label, children, next), not by name.
    EXPECT_EQ(rpcforge::to_wire(encoded),
              R"({"label":"root","children":[{"label":"a","children":[]},{"label":"b","children":[{"label":"c",)"
              R"("children":[]}]}],"next":{"label":"sibling","children":[]}})");

    const calc::Expr expr = calc::BinOp{calc::Op::add, calc::Literal{1}, calc::BinOp{calc::Op::mul, calc::Literal{2}, calc::Literal{3}}};
    EXPECT_EQ(rpcforge::to_json_value(expr).at("right").at("type"), "binop");
    EXPECT_EQ(rpcforge::to_wire(rpcforge::to_json_value(calc::Expr(calc::BinOp{calc::Op::add, calc::Literal{1}, calc::Literal{2}}))),
              R"({"op":"add","left":{"value":1.0,"type":"literal"},"right":{"value":2.0,"type":"literal"},"type":"binop"})");
    EXPECT_EQ(round_trip(expr), expr);
    EXPECT_EQ(conversion_error<calc::Expr>(json::parse(R"({"type": "binop", "op": "add", "left": {"type": "literal",
              "value": 1}, "right": {"type": "literal"}})"), "e"),
              "'e.right.value' is missing");
}

// Places are spelled out only for an error (rpcforge::detail::convert_at); deep in structs,
// arrays, Boxes and defaulted fields they must read as they always did.
TEST(GeneratedCodecs, ErrorsDeepInsideNameTheWholePlace) {
    const json tree = json::parse(R"({"label": "root", "children": [{"label": "a", "children": []},
        {"label": "b", "children": [{"label": "c", "children": [], "next": {"label": 7, "children": []}}]}]})");
    EXPECT_EQ(conversion_error<calc::Tree>(tree, "tree"),
              "'tree.children[1].children[0].next.label' must be a string, got an integer");
    EXPECT_EQ(conversion_error<calc::Tree>(tree, ""), "'children[1].children[0].next.label' must be a string, got an integer");
    const json settings = json::parse(R"({"note": null, "tags": ["a", null]})");
    EXPECT_EQ(conversion_error<calc::Settings>(settings, "s"), "'s.tags[1]' must be a string, got null");
    EXPECT_EQ(conversion_error<calc::Settings>(json::parse(R"({"note": null, "rounding": "up"})"), "s"),
              R"('s.rounding' must be one of "nearest", "down", "to-zero", got "up")");
}

TEST(GeneratedCodecs, NlohmannConversionsWorkAndAreStrict) {
    const json point = json::parse(R"({"x": 1, "y": 2})");
    EXPECT_EQ(point.get<calc::Point>(), (calc::Point{1, 2, std::nullopt}));
    EXPECT_EQ(json(calc::Point{1, 2, std::nullopt}), point);
    try {
        json::parse(R"({"x": "1", "y": 2})").get<calc::Point>();
        FAIL() << "a string is not a number";
    } catch (const rpcforge::ConversionError& e) {
        EXPECT_STREQ(e.what(), "'Point.x' must be a number, got a string");
    }
}

TEST(GeneratedCodecs, DeclaredErrorsAreRpcforgeErrors) {
    const calc::DivisionByZero division;
    EXPECT_EQ(division.code(), 1001);
    EXPECT_EQ(division.message(), "Division by zero");
    const calc::Overflow overflow(calc::OverflowInfo{2147483647});
    EXPECT_EQ(overflow.to_json(), json::parse(R"({"code": 1002, "message": "Integer overflow", "data": {"limit": 2147483647}})"));
    EXPECT_EQ(calc::Overflow(rpcforge::Error::from_json(overflow.to_json())).typed_data().limit, 2147483647);
}

}  // namespace
