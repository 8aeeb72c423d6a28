// libjson-rpc-cpp's jsonrpcstub specifications: types inferred from examples.

#include "model_builders.hpp"
#include "read_support.hpp"

namespace rpcforge::frontend {
namespace {

using namespace model::testing;
using model::Type;
using testing::read_clean;
using testing::read_text;

TEST(JsonRpcStub, InfersTypesFromExamples) {
    auto service = read_clean(R"([
        {"name": "sayHello", "params": {"name": "Peter"}, "returns": "Hello Peter"},
        {"name": "add", "params": [3, 4.5], "returns": 7.5},
        {"name": "notify.server"},
        {"name": "stats", "returns": {"count": 1, "ok": true, "tags": ["a"], "owner": {"id": 18446744073709551615},
                                      "items": [{"x": null}], "none": []}}
    ])",
                              "spec/calc.json");
    model::Service expected;
    expected.name = name("calc", "Calc");
    expected.title = "calc";
    auto hello = method(name("sayHello"), {param(name("name"), of(Kind::string))}, of(Kind::string));
    hello.param_structure = model::ParamStructure::by_name;
    auto add = method(name("add"), {param(name("param1"), of(Kind::int64)), param(name("param2"), of(Kind::number))},
                      of(Kind::number));
    add.param_structure = model::ParamStructure::by_position;
    auto notify = method(name("notify.server", "notify_server"), {}, std::nullopt);
    auto stats = method(name("stats"), {}, named("StatsResult"));
    expected.methods = {hello, add, notify, stats};
    expected.types = {
        structure(name("StatsResult"), {field(name("count"), of(Kind::int64)), field(name("ok"), of(Kind::boolean)),
                                        field(name("tags"), Type::array_of(of(Kind::string))),
                                        field(name("owner"), named("StatsResultOwner")),
                                        field(name("items"), Type::array_of(named("StatsResultItemsItem"))),
                                        field(name("none"), Type::array_of(of(Kind::json)))}),
        structure(name("StatsResultOwner"), {field(name("id"), of(Kind::uint64))}),
        structure(name("StatsResultItemsItem"), {field(name("x"), of(Kind::json))}),
    };
    EXPECT_EQ(service, expected);
}

TEST(JsonRpcStub, ObjectParamsAreNamedAfterMethodAndParameter) {
    auto service = read_clean(R"([{"name": "get_user", "params": {"filter": {"active": true}}, "returns": [{"id": 1}]},
                                  {"name": "put", "params": [{"a": 1}]}])");
    EXPECT_EQ(service.methods[0].params[0].type, named("GetUserFilter"));
    EXPECT_EQ(service.methods[0].result, Type::array_of(named("GetUserResultItem")));
    EXPECT_EQ(service.methods[1].params[0].type, named("PutParam1"));
}

TEST(JsonRpcStub, PlacesAreKept) {
    auto result = read_text("[\n  {\"name\": \"a\", \"params\": {\"x\": 1}, \"returns\": {\"y\": 2}}\n]", "s.json");
    ASSERT_EQ(result.diagnostics, std::vector<std::string>{});
    const auto& service = result.service;
    EXPECT_EQ(service.methods[0].location, at("s.json", 2, 3, "/0"));
    EXPECT_EQ(service.methods[0].params[0].location, at("s.json", 2, 28, "/0/params/x"));
    EXPECT_EQ(std::get<model::Struct>(service.types[0]).location, at("s.json", 2, 37, "/0/returns"));
    EXPECT_EQ(std::get<model::Struct>(service.types[0]).fields[0].location, at("s.json", 2, 49, "/0/returns/y"));
}

TEST(JsonRpcStub, ValidationErrors) {
    EXPECT_EQ(read_text(R"([{"name": "a", "params": 3, "result": 1}, {}])").diagnostics,
              (std::vector<std::string>{"t.json:1:26: error: expected array or object, found integer (at /0/params)",
                                        "t.json:1:29: error: unknown property 'result' (at /0/result)",
                                        "t.json:1:43: error: missing required property 'name' (at /1)"}));
}

}  // namespace
}  // namespace rpcforge::frontend
