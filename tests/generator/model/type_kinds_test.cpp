// The kind table is read by every stage; what it says must be what messages, generated code and
// the checks say (their own tests hold them to their outputs).

#include "model/type_table.hpp"

#include <gtest/gtest.h>

namespace rpcforge::model {
namespace {

using Kind = Type::Kind;

TEST(TypeKinds, TypesAreWrittenAsMessagesWriteThem) {
    EXPECT_EQ(type_text(Type::of(Kind::uint32)), "uint32");
    EXPECT_EQ(type_text(Type::array_of(Type::optional_of(Type::named_type("User")))), "array<optional<User>>");
    EXPECT_EQ(type_text(Type::map_of(Type::of(Kind::json))), "map<json>");
    EXPECT_EQ(type_text(Type::of(Kind::array)), "array<?>");  // a broken model, as the checks print it
}

TEST(TypeKinds, EveryKindHasItsSpellings) {
    for (const auto& facts : kind_table) {
        if (facts.kind == Kind::named) continue;  // spelled by its declaration
        EXPECT_FALSE(facts.text.empty()) << static_cast<int>(facts.kind);
        EXPECT_FALSE(facts.cpp.empty()) << facts.text;
        EXPECT_FALSE(facts.typescript.empty()) << facts.text;
        EXPECT_FALSE(facts.phrase.empty()) << facts.text;
        const bool has_argument = facts.kind == Kind::array || facts.kind == Kind::map || facts.kind == Kind::optional;
        EXPECT_EQ(facts.cpp.find("{}") != std::string_view::npos, has_argument) << facts.text;
        EXPECT_EQ(facts.typescript.find("{}") != std::string_view::npos, has_argument) << facts.text;
        EXPECT_EQ(facts.text.find("{}") != std::string_view::npos, has_argument) << facts.text;
    }
}

TEST(TypeKinds, IntegerRangesDecideWhatWidensSafely) {
    EXPECT_TRUE(holds_every_integer_of(Kind::int64, Kind::int32));
    EXPECT_TRUE(holds_every_integer_of(Kind::int64, Kind::uint32));
    EXPECT_FALSE(holds_every_integer_of(Kind::int64, Kind::uint64));
    EXPECT_TRUE(holds_every_integer_of(Kind::uint64, Kind::uint32));
    EXPECT_FALSE(holds_every_integer_of(Kind::uint64, Kind::int32));
    EXPECT_FALSE(holds_every_integer_of(Kind::uint32, Kind::int32));
    EXPECT_TRUE(holds_every_integer_of(Kind::number, Kind::int32));
    EXPECT_TRUE(holds_every_integer_of(Kind::number, Kind::uint32));
    EXPECT_FALSE(holds_every_integer_of(Kind::number, Kind::int64));  // a double is exact to 2^53
    EXPECT_FALSE(holds_every_integer_of(Kind::int32, Kind::number));
    EXPECT_FALSE(holds_every_integer_of(Kind::string, Kind::int32));
    EXPECT_EQ(facts_of(Kind::uint32).max, 4294967295u);
    EXPECT_EQ(facts_of(Kind::int32).min, -2147483648);
}

TEST(TypeTable, FindsDeclaredTypesByCppNameBeforeWireName) {
    Service service;
    Struct user;
    user.name = {"user", "User"};
    Enum shade;
    shade.name = {"User", "Shade"};  // a wire name that is another type's C++ name
    shade.cpp_declared = "paint::Shade";
    service.types = {user, shade};
    const TypeTable types(service);
    EXPECT_TRUE(std::holds_alternative<Struct>(*types.find("User")));
    EXPECT_TRUE(std::holds_alternative<Struct>(*types.find("user")));
    EXPECT_TRUE(types.is_enum("Shade"));
    EXPECT_TRUE(types.is_user_declared("Shade"));
    EXPECT_EQ(types.spelling("Shade"), "paint::Shade");
    EXPECT_EQ(types.cpp_name("Shade"), "Shade");
    EXPECT_EQ(types.wire_name("User"), "user");
    EXPECT_EQ(types.spelling("Missing"), "Missing");
    EXPECT_EQ(types.find("Missing"), nullptr);
}

}  // namespace
}  // namespace rpcforge::model
