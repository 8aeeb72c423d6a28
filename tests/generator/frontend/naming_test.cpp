#include "frontend/openrpc/naming.hpp"

#include "model/identifiers.hpp"

#include <gtest/gtest.h>

namespace rpcforge::frontend::openrpc {
namespace {

TEST(Naming, ValueIdentifiersKeepWhatIsAlreadyAnIdentifier) {
    EXPECT_EQ(value_identifier("add"), "add");
    EXPECT_EQ(value_identifier("getUser"), "getUser");
    EXPECT_EQ(value_identifier("checked_add"), "checked_add");
    EXPECT_EQ(value_identifier("trailing_"), "trailing_");
    EXPECT_EQ(value_identifier("_private"), "_private");
}

TEST(Naming, ValueIdentifiersReplaceWhatCannotBeInOne) {
    EXPECT_EQ(value_identifier("foo.get"), "foo_get");
    EXPECT_EQ(value_identifier("in-progress"), "in_progress");
    EXPECT_EQ(value_identifier("a..b"), "a_b");
    EXPECT_EQ(value_identifier("a__b"), "a_b");
    EXPECT_EQ(value_identifier("rpc.discover"), "rpc_discover");
    EXPECT_EQ(value_identifier("héllo"), "h_llo");
    EXPECT_EQ(value_identifier("with space"), "with_space");
    EXPECT_EQ(value_identifier(""), "_");
    EXPECT_EQ(value_identifier("-"), "_");
}

TEST(Naming, ValueIdentifiersAvoidKeywordsAndReservedNames) {
    EXPECT_EQ(value_identifier("class"), "class_");
    EXPECT_EQ(value_identifier("co_await"), "co_await_");
    EXPECT_EQ(value_identifier("and"), "and_");
    EXPECT_EQ(value_identifier("errno"), "errno_");
    EXPECT_EQ(value_identifier("NULL"), "NULL_");
    EXPECT_EQ(value_identifier("_Id"), "Id_");
    EXPECT_EQ(value_identifier("__x"), "_x");
    EXPECT_EQ(value_identifier("2fa"), "_2fa");
    EXPECT_EQ(value_identifier("404"), "_404");
}

TEST(Naming, TypeIdentifiersArePascalCase) {
    EXPECT_EQ(type_identifier("User"), "User");
    EXPECT_EQ(type_identifier("user"), "User");
    EXPECT_EQ(type_identifier("get_user"), "GetUser");
    EXPECT_EQ(type_identifier("foo.getUser"), "FooGetUser");
    EXPECT_EQ(type_identifier("HTTPServer"), "HTTPServer");
    EXPECT_EQ(type_identifier("user service"), "UserService");
    EXPECT_EQ(type_identifier("2d-point"), "_2dPoint");
    EXPECT_EQ(type_identifier("EOF"), "EOF_");
    EXPECT_EQ(type_identifier("..."), "Unnamed");
}

TEST(Naming, EveryMangledNameIsUsable) {
    for (const char* wire : {"", "class", "_Id", "__", "2fa", "a b", "NULL", "x__", "_", "_1", "é", "co_yield"}) {
        EXPECT_TRUE(model::is_usable_identifier(value_identifier(wire))) << wire << " -> " << value_identifier(wire);
        EXPECT_TRUE(model::is_usable_identifier(type_identifier(wire))) << wire << " -> " << type_identifier(wire);
    }
}

TEST(Naming, MadeUpTypeNamesTakeANumberWhenTaken) {
    TypeNames names;
    names.reserve("User");
    EXPECT_EQ(names.unique("User"), "User2");
    EXPECT_EQ(names.unique("User"), "User3");
    EXPECT_EQ(names.unique("GetUserFilter"), "GetUserFilter");
    EXPECT_EQ(names.unique("GetUserFilter"), "GetUserFilter2");
}

TEST(Naming, RulesHonourTheGivenCppNameAndRpcforgesOwnConvention) {
    NamingRules others;
    NamingRules ours{true};
    auto plain = nlohmann::ordered_json::object();
    auto given = nlohmann::ordered_json{{"x-rpcforge-cpp", "get_stats"}};
    EXPECT_EQ(others.value("stats.get", given), (model::Name{"stats.get", "get_stats"}));
    EXPECT_EQ(others.value("stats.get", plain), (model::Name{"stats.get", "stats_get"}));
    EXPECT_EQ(others.type("user_info", plain), (model::Name{"user_info", "UserInfo"}));
    EXPECT_EQ(ours.type("user_info", plain), (model::Name{"user_info", "user_info"}));
    EXPECT_EQ(ours.type("user info", plain), (model::Name{"user info", "UserInfo"}));
    EXPECT_EQ(ours.type("class", plain), (model::Name{"class", "Class"}));
}

}  // namespace
}  // namespace rpcforge::frontend::openrpc
