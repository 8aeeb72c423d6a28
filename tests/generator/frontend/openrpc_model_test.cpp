// The model read from representative OpenRPC documents, compared whole.

#include "model_builders.hpp"
#include "read_support.hpp"

namespace rpcforge::frontend {
namespace {

using namespace model::testing;
using testing::document;
using testing::read_clean;
using testing::read_text;

const char* calculator = R"({
  "openrpc": "1.2.6",
  "info": {"title": "Calculator", "version": "1.0.0", "description": "Sums."},
  "methods": [
    {
      "name": "add",
      "summary": "Adds.",
      "paramStructure": "by-position",
      "params": [
        {"name": "a", "required": true, "schema": {"type": "number"}},
        {"name": "b", "schema": {"type": "number", "default": 0}}
      ],
      "result": {"name": "sum", "schema": {"type": "number"}},
      "errors": [{"$ref": "#/components/errors/Overflow"}],
      "x-aliases": ["plus"]
    },
    {
      "name": "stats.get",
      "params": [],
      "result": {"$ref": "#/components/contentDescriptors/Stats"}
    },
    {
      "name": "log",
      "description": "Writes a line.",
      "params": [{"$ref": "#/components/contentDescriptors/Line"}]
    }
  ],
  "components": {
    "schemas": {
      "Stats": {"type": "object", "required": ["calls"], "properties": {"calls": {"type": "integer", "format": "uint64"}}}
    },
    "contentDescriptors": {
      "Stats": {"name": "stats", "schema": {"$ref": "#/components/schemas/Stats"}},
      "Line": {"name": "line", "required": true, "description": "The text.", "schema": {"type": "string"}}
    },
    "errors": {
      "Overflow": {"code": 1002, "message": "Integer overflow"}
    }
  },
  "x-rpcforge-callbacks": [
    {"name": "progress", "params": [{"name": "percent", "required": true, "schema": {"type": "integer", "format": "int32"}}]}
  ]
}
)";

model::Service expected_calculator() {
    const std::string file = "calc.json";
    model::Service service;
    service.name = name("Calculator");
    service.title = "Calculator";
    service.version = "1.0.0";
    service.description = "Sums.";
    service.location = at(file, 1, 1, "");

    auto add = method(name("add"), {param(name("a"), of(Kind::number)), param(name("b"), of(Kind::number), false, "0")},
                      of(Kind::number));
    add.params[0].location = at(file, 10, 9, "/methods/0/params/0");
    add.params[1].location = at(file, 11, 9, "/methods/0/params/1");
    add.summary = "Adds.";
    add.param_structure = model::ParamStructure::by_position;
    add.errors = {"Overflow"};
    add.aliases = {"plus"};
    add.location = at(file, 5, 5, "/methods/0");

    auto stats = method(name("stats.get", "stats_get"), {}, named("Stats"));
    stats.location = at(file, 17, 5, "/methods/1");

    auto log = method(name("log"), {param(name("line"), of(Kind::string))}, std::nullopt);
    log.params[0].description = "The text.";
    log.params[0].location = at(file, 25, 18, "/methods/2/params/0");
    log.description = "Writes a line.";
    log.location = at(file, 22, 5, "/methods/2");
    service.methods = {add, stats, log};

    auto stats_type = structure(name("Stats"), {field(name("calls"), of(Kind::uint64))});
    stats_type.fields[0].location = at(file, 30, 73, "/components/schemas/Stats/properties/calls");
    stats_type.location = at(file, 30, 7, "/components/schemas/Stats");
    service.types = {stats_type};

    auto overflow = error(name("Overflow"), 1002, "Integer overflow");
    overflow.location = at(file, 37, 7, "/components/errors/Overflow");
    service.errors = {overflow};

    auto progress = method(name("progress"), {param(name("percent"), of(Kind::int32))}, std::nullopt);
    progress.params[0].location = at(file, 41, 37, "/x-rpcforge-callbacks/0/params/0");
    progress.location = at(file, 41, 5, "/x-rpcforge-callbacks/0");
    service.callbacks = {progress};
    return service;
}

TEST(OpenRpcModel, ReadsARepresentativeDocumentWithEveryPlace) {
    auto result = read_text(calculator, "calc.json");
    EXPECT_EQ(result.diagnostics, std::vector<std::string>{});
    EXPECT_EQ(result.service, expected_calculator());
}

TEST(OpenRpcModel, EveryVersionFromOneZeroToOneFour) {
    for (const char* version : {"1.0.0", "1.0.0-rc1", "1.1.12", "1.2.6", "1.3.2", "1.4.0"}) {
        std::string text = calculator;
        text.replace(text.find("1.2.6"), 5, version);
        auto result = read_text(text, "calc.json");
        EXPECT_EQ(result.diagnostics, std::vector<std::string>{}) << version;
    }
}

TEST(OpenRpcModel, ParamStructureAndDefaults) {
    auto service = read_clean(document(R"([
        {"name": "a", "paramStructure": "by-name", "params": []},
        {"name": "b", "paramStructure": "either", "params": []},
        {"name": "c", "params": [{"name": "x", "schema": {"type": "array", "default": [1, {"k": "v"}]}}]}])"));
    ASSERT_EQ(service.methods.size(), 3u);
    EXPECT_EQ(service.methods[0].param_structure, model::ParamStructure::by_name);
    EXPECT_EQ(service.methods[1].param_structure, model::ParamStructure::either);
    EXPECT_EQ(service.methods[2].param_structure, model::ParamStructure::either);
    EXPECT_EQ(service.methods[2].params[0],
              param(name("x"), model::Type::array_of(of(Kind::json)), false, R"([1,{"k":"v"}])"));
}

TEST(OpenRpcModel, ParametersKeepTheirWrittenOrder) {
    auto service = read_clean(document(R"([{"name": "m", "params": [
        {"name": "zeta", "schema": {}}, {"name": "alpha", "schema": {}}, {"name": "mid", "schema": {}}]}])"));
    std::vector<std::string> names;
    for (const auto& p : service.methods[0].params) names.push_back(p.name.wire);
    EXPECT_EQ(names, (std::vector<std::string>{"zeta", "alpha", "mid"}));
}

TEST(OpenRpcModel, AMissingSchemaOrResultSchemaIsJson) {
    auto service = read_clean(document(R"([{"name": "m", "params": [{"name": "any"}], "result": {"name": "r"}}])"));
    EXPECT_EQ(service.methods[0], method(name("m"), {param(name("any"), of(Kind::json), false)}, of(Kind::json)));
}

TEST(OpenRpcModel, IdenticalErrorsOfSeveralMethodsAreDeclaredOnce) {
    auto service = read_clean(document(R"([
        {"name": "a", "params": [], "result": {"name": "r", "schema": {}},
         "errors": [{"code": 5, "message": "Not found"}, {"code": 6, "message": "Busy", "data": {"type": "string"}}]},
        {"name": "b", "params": [], "result": {"name": "r", "schema": {}},
         "errors": [{"code": 6, "message": "Busy", "data": {"type": "string"}}, {"code": 5, "message": "Not found"},
                    {"code": 5, "message": "Not found"}, {"$ref": "#/components/errors/Denied"}]},
        {"name": "c", "params": [], "result": {"name": "r", "schema": {}},
         "errors": [{"code": 7, "message": "Denied"}, {"code": 5, "message": "Not found", "data": {}}]}])",
                                       R"({"errors": {"Denied": {"code": 7, "message": "Denied"},
                                                      "Refused": {"code": 7, "message": "Denied"}}})"));
    EXPECT_EQ(service.errors, (std::vector<model::ErrorDecl>{
                                  error(name("Denied"), 7, "Denied"),
                                  error(name("Refused"), 7, "Denied"),
                                  error(name("NotFoundError"), 5, "Not found"),
                                  error(name("BusyError"), 6, "Busy", of(Kind::string)),
                                  error(name("NotFoundError2"), 5, "Not found", of(Kind::json)),
                              }));
    EXPECT_EQ(service.methods[0].errors, (std::vector<std::string>{"NotFoundError", "BusyError"}));
    EXPECT_EQ(service.methods[1].errors, (std::vector<std::string>{"BusyError", "NotFoundError", "Denied"}));
    EXPECT_EQ(service.methods[2].errors, (std::vector<std::string>{"Denied", "NotFoundError2"}));
}

TEST(OpenRpcModel, ErrorDataSchemaAndExampleValues) {
    auto service = read_clean(document(R"([{"name": "m", "params": [], "errors": [
        {"code": 1, "message": "A", "data": "an example, not a schema"},
        {"code": 2, "message": "B", "x-rpcforge-data": {"type": "integer"}, "data": {"any": "example"}},
        {"code": 3, "message": "C", "data": {"type": "object", "properties": {"why": {"type": "string"}}}}]}])"));
    EXPECT_EQ(service.errors, (std::vector<model::ErrorDecl>{error(name("AError"), 1, "A"),
                                                             error(name("BError"), 2, "B", of(Kind::int64)),
                                                             error(name("CError"), 3, "C", named("CErrorData"))}));
    EXPECT_EQ(
        service.types,
        (std::vector<model::TypeDecl>{structure(name("CErrorData"), {field(name("why"), of(Kind::string), false)})}));
}

TEST(OpenRpcModel, ErrorExtensionsBesideTheComponentErrors) {
    // Where rpcforge writes them: OpenRPC's error object admits no x- member.
    auto service = read_clean(document(R"([{"name": "m", "params": [], "errors": [{"$ref": "#/components/errors/full"}]}])",
                                       R"({"errors": {"full": {"code": 1, "message": "Full", "data": "an example"},
                                                      "gone": {"code": 2, "message": "Gone"}},
                                           "x-rpcforge-errors": {"full": {"x-rpcforge-data": {"type": "integer"},
                                                                          "x-rpcforge-cpp": "StoreFull"}}})"));
    EXPECT_EQ(service.errors, (std::vector<model::ErrorDecl>{error(name("full", "StoreFull"), 1, "Full", of(Kind::int64)),
                                                             error(name("gone", "Gone"), 2, "Gone")}));
    EXPECT_EQ(service.methods[0].errors, (std::vector<std::string>{"StoreFull"}));
}

TEST(OpenRpcModel, AliasesFromBothExtensions) {
    auto service = read_clean(document(R"([{"name": "add", "params": [], "x-aliases": ["plus"],
                                             "x-rpcforge-aliases": ["sum"]}])"));
    EXPECT_EQ(service.methods[0].aliases, (std::vector<std::string>{"plus", "sum"}));
}

TEST(OpenRpcModel, TheCallContextExtension) {
    auto service = read_clean(document(R"([{"name": "who", "params": [], "result": {"name": "r", "schema": {"type": "string"}},
                                             "x-rpcforge-context": true},
                                            {"name": "plain", "params": [], "x-rpcforge-context": false}])"));
    EXPECT_TRUE(service.methods[0].takes_context);
    EXPECT_FALSE(service.methods[1].takes_context);
}

TEST(OpenRpcModel, TheAsynchronousExtension) {
    auto service = read_clean(document(R"([{"name": "later", "params": [], "result": {"name": "r", "schema": {"type": "string"}},
                                             "x-rpcforge-async": true},
                                            {"name": "plain", "params": [], "x-rpcforge-async": false}])"));
    EXPECT_TRUE(service.methods[0].is_async);
    EXPECT_FALSE(service.methods[1].is_async);
}

TEST(OpenRpcModel, TheRolesExtension) {
    auto service = read_clean(document(R"([{"name": "guarded", "params": [], "x-rpcforge-roles": ["admin", "ops"]},
                                            {"name": "open", "params": []}])"));
    EXPECT_EQ(service.methods[0].roles, (std::vector<std::string>{"admin", "ops"}));
    EXPECT_TRUE(service.methods[1].roles.empty());
}

TEST(OpenRpcModel, TheIdempotentExtension) {
    auto service = read_clean(document(R"([{"name": "get", "params": [], "result": {"name": "r", "schema": {"type": "string"}},
                                             "x-rpcforge-idempotent": true},
                                            {"name": "put", "params": [], "result": {"name": "r", "schema": {"type": "string"}},
                                             "x-rpcforge-idempotent": false},
                                            {"name": "post", "params": [], "result": {"name": "r", "schema": {"type": "string"}}},
                                            {"name": "told", "params": [], "x-rpcforge-idempotent": false}])"));
    EXPECT_TRUE(service.methods[0].idempotent);
    EXPECT_FALSE(service.methods[1].idempotent);
    EXPECT_FALSE(service.methods[2].idempotent);
    EXPECT_FALSE(service.methods[3].idempotent) << "false on a notification says nothing wrong";
}

TEST(OpenRpcModel, ServiceNameFromTitleOrFromRpcforgesExtension) {
    auto titled = read_clean(document("[]"));
    EXPECT_EQ(titled.name, name("T"));
    auto extended = read_clean(R"({"openrpc": "1.3.2", "info": {"title": "Calculator API", "version": "2",
        "x-rpcforge-service": "calc", "x-rpcforge-cpp": "Calc"}, "methods": []})");
    EXPECT_EQ(extended.name, name("calc", "Calc"));
    EXPECT_EQ(extended.title, "Calculator API");
    EXPECT_EQ(extended.version, "2");
}

TEST(OpenRpcModel, UnusedFieldsAndExtensionsAreAccepted) {
    read_clean(R"({"openrpc": "1.3.2", "$schema": "https://meta.open-rpc.org/",
        "info": {"title": "T", "version": "1", "license": {"name": "MIT"}, "x-logo": {}},
        "servers": [{"url": "http://localhost"}], "externalDocs": {"url": "x"}, "x-anything": 1,
        "methods": [{"name": "m", "tags": [{"name": "t"}], "deprecated": false, "params": [],
                     "examples": [], "links": [], "servers": [], "x-private": true}],
        "components": {"examples": {}, "links": {}, "tags": {}, "examplePairings": {}}})");
}

}  // namespace
}  // namespace rpcforge::frontend
