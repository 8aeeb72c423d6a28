// Methods: parameter order, declared errors, error codes.

#include "check_support.hpp"

namespace rpcforge::check::testing {
namespace {

model::Method with_params(model::ParamStructure structure) {
    auto m = placed(
        method(name("m"),
               {placed(param(name("a"), of(Kind::int32)), 3), placed(param(name("b"), of(Kind::int32), false), 4),
                placed(param(name("c"), of(Kind::int32)), 5)},
               of(Kind::int32)),
        2);
    m.param_structure = structure;
    return m;
}

TEST(CheckMethods, RequiredParameterAfterAnOptionalOne) {
    auto s = service();
    s.methods = {with_params(model::ParamStructure::by_position)};
    const Lines expected{
        "m.json:5:1: error: required parameter 'c' of method 'm' comes after the optional parameter "
        "'b', which calls by position could then never leave out"};
    EXPECT_EQ(check_of(s), expected);
    s.methods = {with_params(model::ParamStructure::either)};
    EXPECT_EQ(check_of(s), expected);
    s.methods = {with_params(model::ParamStructure::by_name)};
    EXPECT_EQ(check_of(s), Lines{});
}

TEST(CheckMethods, DeclaredErrorsMustExist) {
    auto s = service();
    auto m = placed(method(name("m"), {}, of(Kind::json)), 2);
    m.errors = {"Known", "Unknown"};
    auto n = placed(method(name("n"), {}, std::nullopt), 3);
    n.errors = {"Known"};
    s.methods = {m, n};
    s.errors = {placed(error(name("Known"), 1, "k"), 4)};
    EXPECT_EQ(
        check_of(s),
        (Lines{"m.json:2:1: error: method 'm' refers to the error 'Unknown', which is not declared",
               "m.json:3:1: warning: method 'n' is a notification and declares errors, which it can never receive"}));
}

TEST(CheckMethods, CallbacksHaveNoResult) {
    auto s = service();
    s.callbacks = {placed(method(name("tick"), {}, of(Kind::int32)), 2)};
    EXPECT_EQ(
        check_of(s),
        Lines{"m.json:2:1: error: callback 'tick' has a result, but callbacks are notifications from the server"});
}

TEST(CheckMethods, RolesAreWordsNamedOnceAndOnlyOnMethods) {
    auto s = service();
    auto m = placed(method(name("m"), {}, of(Kind::int32)), 2);
    m.roles = {"admin", "", "ops team", "admin"};
    auto tick = placed(method(name("tick"), {}, std::nullopt), 3);
    tick.roles = {"admin"};
    s.methods = {m};
    s.callbacks = {tick};
    EXPECT_EQ(check_of(s),
              (Lines{"m.json:2:1: error: method 'm' names the role '': a role is a non-empty word without spaces",
                     "m.json:2:1: error: method 'm' names the role 'ops team': a role is a non-empty word without spaces",
                     "m.json:2:1: error: method 'm' names the role 'admin' twice",
                     "m.json:3:1: error: callback 'tick' has roles, but callbacks run on the client, which checks none"}));
    m.roles = {"admin", "operator"};
    s.methods = {m};
    s.callbacks = {};
    EXPECT_EQ(check_of(s), Lines{});
}

TEST(CheckMethods, ErrorCodes) {
    auto s = service();
    s.errors = {placed(error(name("A"), 10, "Not found"), 2),
                placed(error(name("B"), 10, "Gone"), 3),
                placed(error(name("C"), 11, "Busy"), 4),
                placed(error(name("D"), 11, "Busy", of(Kind::string)), 5),
                placed(error(name("E"), -32601, "Method not found"), 6),
                placed(error(name("F"), -32000, "Server"), 7)};
    EXPECT_EQ(
        check_of(s),
        (Lines{"m.json:3:1: error: error 'B' and error 'A' at m.json:2:1 have the same code 10 but different messages",
               "m.json:5:1: warning: error 'D' and error 'C' at m.json:4:1 have the same code 11 and message; a "
               "client cannot tell them apart",
               "m.json:6:1: warning: the code -32601 of error 'E' is reserved by JSON-RPC 2.0 for its own errors"}));
}

}  // namespace
}  // namespace rpcforge::check::testing
