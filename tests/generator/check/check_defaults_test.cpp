// Defaults must be JSON values of their types.

#include "check_support.hpp"

namespace rpcforge::check::testing {
namespace {

using model::Type;

Lines check_default(const Type& type, const std::string& text, std::vector<model::TypeDecl> types = {}) {
    auto s = service();
    s.types = std::move(types);
    s.methods = {placed(method(name("m"), {placed(param(name("p"), type, false, text), 3)}, std::nullopt), 2)};
    return check_of(s);
}

TEST(CheckDefaults, ValuesThatFit) {
    EXPECT_EQ(check_default(of(Kind::boolean), "true"), Lines{});
    EXPECT_EQ(check_default(of(Kind::int32), "-2147483648"), Lines{});
    EXPECT_EQ(check_default(of(Kind::uint32), "4294967295"), Lines{});
    EXPECT_EQ(check_default(of(Kind::int64), "-5"), Lines{});
    EXPECT_EQ(check_default(of(Kind::uint64), "18446744073709551615"), Lines{});
    EXPECT_EQ(check_default(of(Kind::number), "3"), Lines{});
    EXPECT_EQ(check_default(of(Kind::string), "\"x\""), Lines{});
    EXPECT_EQ(check_default(of(Kind::json), "{\"any\": [1]}"), Lines{});
    EXPECT_EQ(check_default(Type::array_of(of(Kind::int32)), "[1, 2]"), Lines{});
    EXPECT_EQ(check_default(Type::map_of(of(Kind::string)), "{\"a\": \"b\"}"), Lines{});
    EXPECT_EQ(check_default(Type::optional_of(of(Kind::string)), "null"), Lines{});
    const std::vector<model::TypeDecl> types = {
        enumeration(name("Mode"), {name("fast"), name("a-b", "a_b")}),
        structure(name("Point"), {field(name("x"), of(Kind::number)), field(name("label"), of(Kind::string), false),
                                  field(name("z"), of(Kind::number), true, "0")}),
        variant(name("Value"), {of(Kind::number), named("Point")})};
    EXPECT_EQ(check_default(named("Mode"), "\"a-b\"", types), Lines{});
    EXPECT_EQ(check_default(named("Point"), "{\"x\": 1}", types), Lines{});
    EXPECT_EQ(check_default(named("Value"), "{\"x\": 1, \"label\": \"l\"}", types), Lines{});
    EXPECT_EQ(check_default(named("Value"), "2.5", types), Lines{});
}

TEST(CheckDefaults, ValuesThatDoNotFit) {
    const std::string prefix = "m.json:3:1: error: the default ";
    EXPECT_EQ(check_default(of(Kind::int32), "2147483648"),
              Lines{prefix + "2147483648 of parameter 'p' of method 'm' is not a value of its type int32"});
    EXPECT_EQ(check_default(of(Kind::uint32), "-1"),
              Lines{prefix + "-1 of parameter 'p' of method 'm' is not a value of its type uint32"});
    EXPECT_EQ(check_default(of(Kind::int64), "1.5"),
              Lines{prefix + "1.5 of parameter 'p' of method 'm' is not a value of its type int64"});
    EXPECT_EQ(check_default(Type::array_of(of(Kind::string)), "[\"a\", 1]"),
              Lines{prefix + "[\"a\", 1] of parameter 'p' of method 'm' is not a value of its type array<string>"});
    const std::vector<model::TypeDecl> types = {enumeration(name("Mode"), {name("fast")}),
                                                structure(name("Point"), {field(name("x"), of(Kind::number))})};
    EXPECT_EQ(check_default(named("Mode"), "\"slow\"", types),
              Lines{prefix + "\"slow\" of parameter 'p' of method 'm' is not a value of its type Mode"});
    EXPECT_EQ(check_default(named("Point"), "{}", types),
              Lines{prefix + "{} of parameter 'p' of method 'm' is not a value of its type Point"});
}

TEST(CheckDefaults, NotJsonAtAll) {
    EXPECT_EQ(check_default(of(Kind::int32), "one"),
              Lines{"m.json:3:1: error: the default of parameter 'p' of method 'm' is not JSON: one"});
}

TEST(CheckDefaults, FieldDefaults) {
    auto s = service();
    auto point =
        placed(structure(name("Point"), {placed(field(name("x"), of(Kind::number), false, "\"zero\""), 3)}), 2);
    s.types = {point};
    EXPECT_EQ(check_of(s),
              Lines{"m.json:3:1: error: the default \"zero\" of field 'x' of struct 'Point' is not a value "
                    "of its type number"});
}

}  // namespace
}  // namespace rpcforge::check::testing
