// Names: clashes after mangling name both places; unusable and reserved names.

#include "check_support.hpp"

#include "model/identifiers.hpp"

namespace rpcforge::check::testing {
namespace {

TEST(CheckNames, AConsistentServiceHasNoDiagnostics) {
    auto s = service();
    s.methods = {placed(method(name("add"), {param(name("a"), of(Kind::int32))}, of(Kind::int32)), 2)};
    s.types = {placed(structure(name("Point"), {field(name("x"), of(Kind::number))}), 3)};
    EXPECT_EQ(check_of(s), Lines{});
}

TEST(CheckNames, MethodsThatBecomeTheSameCppName) {
    auto s = service();
    s.methods = {placed(method(name("foo.get", "foo_get"), {}, std::nullopt), 3),
                 placed(method(name("foo_get"), {}, std::nullopt), 9)};
    EXPECT_EQ(
        check_of(s),
        Lines{
            "m.json:9:1: error: method 'foo_get' and method 'foo.get' at m.json:3:1 both have the C++ name 'foo_get'"});
}

TEST(CheckNames, MethodsDeclaredTwiceAndAliasesTakingNames) {
    auto s = service();
    auto add = placed(method(name("add"), {}, std::nullopt), 2);
    add.aliases = {"sum", "plus"};
    auto plus = placed(method(name("plus"), {}, std::nullopt), 5);
    plus.aliases = {"sum"};
    s.methods = {add, placed(method(name("add"), {}, std::nullopt), 4), plus};
    EXPECT_EQ(check_of(s),
              (Lines{"m.json:4:1: error: method 'add' is declared twice (also at m.json:2:1)",
                     "m.json:2:1: error: alias 'plus' of method 'add' is also the name of method 'plus' at m.json:5:1",
                     "m.json:5:1: error: alias 'sum' of method 'plus' is also the name of alias 'sum' of "
                     "method 'add' at m.json:2:1"}));
}

TEST(CheckNames, CallbacksAreTheirOwnScope) {
    auto s = service();
    s.methods = {placed(method(name("tick"), {}, std::nullopt), 2)};
    s.callbacks = {placed(method(name("tick"), {}, std::nullopt), 3),
                   placed(method(name("tick"), {}, std::nullopt), 4)};
    EXPECT_EQ(check_of(s), Lines{"m.json:4:1: error: callback 'tick' is declared twice (also at m.json:3:1)"});
}

TEST(CheckNames, ReservedMethodNames) {
    auto s = service();
    auto get = placed(method(name("get"), {}, of(Kind::int32)), 2);
    get.aliases = {"rpc.get"};
    s.methods = {get, placed(method(name("rpc.discover", "rpc_discover"), {}, of(Kind::json)), 3),
                 placed(method(name("get_async"), {}, of(Kind::int32)), 4)};
    EXPECT_EQ(check_of(s),
              (Lines{"m.json:2:1: error: the name 'rpc.get' of method 'get' is reserved: JSON-RPC 2.0 keeps names "
                     "beginning with 'rpc.' for itself",
                     "m.json:3:1: error: the name 'rpc.discover' of method 'rpc.discover' is reserved: JSON-RPC 2.0 "
                     "keeps names beginning with 'rpc.' for itself",
                     "m.json:4:1: error: the C++ name 'get_async' of method 'get_async' is that of the asynchronous "
                     "variant of method 'get' at m.json:2:1"}));
}

TEST(CheckNames, AKeywordsMangledNameHasAnAsynchronousVariantWithoutADoubleUnderscore) {
    auto s = service();
    s.methods = {placed(method(name("register", "register_"), {}, of(Kind::int32)), 2),
                 placed(method(name("register_async"), {}, of(Kind::int32)), 3)};
    EXPECT_EQ(model::asynchronous_name("register_"), "register_async");
    EXPECT_EQ(check_of(s), (Lines{"m.json:3:1: error: the C++ name 'register_async' of method 'register_async' is that "
                                  "of the asynchronous variant of method 'register' at m.json:2:1"}));
}

TEST(CheckNames, UnusableCppNames) {
    auto s = service();
    s.methods = {placed(method(name("class"), {placed(param(name("a-b"), of(Kind::json)), 2)}, std::nullopt), 2)};
    s.types = {placed(enumeration(name("E"), {name("x.y")}), 3)};
    EXPECT_EQ(
        check_of(s),
        (Lines{"m.json:3:1: error: value 'x.y' of enum 'E' has the C++ name 'x.y', which is not a usable identifier",
               "m.json:2:1: error: method 'class' has the C++ name 'class', which is not a usable identifier",
               "m.json:2:1: error: parameter 'a-b' has the C++ name 'a-b', which is not a usable identifier"}));
}

TEST(CheckNames, TypesAndErrorsShareOneNamespaceWithTheServiceClasses) {
    auto s = service();
    s.types = {placed(structure(name("user", "User"), {}), 2), placed(enumeration(name("User"), {name("a")}), 3),
               placed(structure(name("Calc"), {}), 4), placed(structure(name("CalcClient"), {}), 5)};
    s.errors = {placed(error(name("Oops"), 1, "Oops"), 6), placed(error(name("Oops"), 2, "Oops!"), 7),
                placed(error(name("oops", "Oops"), 3, "Oops?"), 8)};
    EXPECT_EQ(
        check_of(s),
        (Lines{
            "m.json:3:1: error: enum 'User' and struct 'user' at m.json:2:1 both have the C++ name 'User'",
            "m.json:4:1: error: struct 'Calc' and the service class 'Calc' at m.json:1:1 both have the C++ name 'Calc'",
            "m.json:5:1: error: struct 'CalcClient' and the client class 'CalcClient' at m.json:1:1 both have the "
            "C++ name 'CalcClient'",
            "m.json:7:1: error: error 'Oops' is declared twice (also at m.json:6:1)",
            "m.json:8:1: error: error 'oops' and error 'Oops' at m.json:6:1 both have the C++ name 'Oops'"}));
}

TEST(CheckNames, TheSameWireNameWithDifferentCppNames) {
    auto s = service();
    s.types = {placed(structure(name("User"), {}), 2), placed(enumeration(name("User", "UserKind"), {name("a")}), 3)};
    EXPECT_EQ(check_of(s), Lines{"m.json:3:1: error: enum 'User' and struct 'User' at m.json:2:1 have the same name"});
}

TEST(CheckNames, FieldsParamsAndEnumValues) {
    auto s = service();
    auto point = placed(
        structure(name("Point"), {field(name("x-y", "x_y"), of(Kind::number)), field(name("x_y"), of(Kind::number)),
                                  field(name("z"), of(Kind::number)), field(name("z"), of(Kind::number))}),
        2);
    point.fields[0].location = at("m.json", 3, 5, "");
    point.fields[1].location = at("m.json", 4, 5, "");
    point.fields[2].location = at("m.json", 5, 5, "");
    point.fields[3].location = at("m.json", 6, 5, "");
    auto mode = placed(enumeration(name("Mode"), {name("a-b", "a_b"), name("a_b"), name("c"), name("c")}), 7);
    auto m = placed(
        method(name("m"), {placed(param(name("p"), of(Kind::json)), 9), placed(param(name("p"), of(Kind::json)), 10)},
               std::nullopt),
        8);
    s.types = {point, mode};
    s.methods = {m};
    EXPECT_EQ(
        check_of(s),
        (Lines{
            "m.json:4:5: error: field 'x_y' and field 'x-y' at m.json:3:5 both have the C++ name 'x_y'",
            "m.json:6:5: error: field 'z' is declared twice (also at m.json:5:5)",
            "m.json:7:1: error: value 'a_b' of enum 'Mode' and value 'a-b' of enum 'Mode' both have the C++ name 'a_b'",
            "m.json:7:1: error: value 'c' of enum 'Mode' is declared twice",
            "m.json:10:1: error: parameter 'p' is declared twice (also at m.json:9:1)"}));
}

}  // namespace
}  // namespace rpcforge::check::testing
