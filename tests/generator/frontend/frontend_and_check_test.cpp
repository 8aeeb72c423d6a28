// The frontend and the checks together, as the driver runs them: a clash only the checks see,
// reported at the places the frontend read.

#include "check/check.hpp"
#include "read_support.hpp"

namespace rpcforge::frontend {
namespace {

std::vector<std::string> read_and_check(std::string_view text) {
    diagnostics::Sink sink;
    auto service = openrpc::read_openrpc_text(text, "calc.json", sink);
    if (service) check::check(*service, sink);  // as the driver does: after reading problems too
    std::vector<std::string> lines;
    for (const auto& diagnostic : sink.all()) lines.push_back(diagnostics::format(diagnostic));
    return lines;
}

TEST(FrontendAndCheck, ClashesAfterManglingNameBothPlaces) {
    EXPECT_EQ(read_and_check(R"({"openrpc": "1.3.2", "info": {"title": "Calc", "version": "1"}, "methods": [
  {"name": "foo.get", "params": [], "result": {"name": "r", "schema": {"$ref": "#/components/schemas/pair"}}},
  {"name": "foo_get", "params": [{"name": "a-b", "schema": {}}, {"name": "a_b", "schema": {}}]}],
 "components": {"schemas": {
  "pair": {"properties": {"x-1": {"type": "number"}, "x_1": {"type": "number"}}},
  "Pair": {"enum": ["on"]}}}})"),
              (std::vector<std::string>{
                  "calc.json:6:3: error: enum 'Pair' and struct 'pair' at calc.json:5:3 both have the C++ name 'Pair' "
                  "(at /components/schemas/Pair)",
                  "calc.json:5:54: error: field 'x_1' and field 'x-1' at calc.json:5:27 both have the C++ name 'x_1' "
                  "(at /components/schemas/pair/properties/x_1)",
                  "calc.json:3:3: error: method 'foo_get' and method 'foo.get' at calc.json:2:3 both have the C++ name "
                  "'foo_get' (at /methods/1)",
                  "calc.json:3:65: error: parameter 'a_b' and parameter 'a-b' at calc.json:3:34 both have the C++ name "
                  "'a_b' (at /methods/1/params/1)",
              }));
}

TEST(FrontendAndCheck, EveryIndependentProblemInOneRun) {
    // A schema error, an unsupported format, a $ref to nothing and a duplicate method: three
    // stages (validation, mapping, checks), each problem in another part, all in one run.
    EXPECT_EQ(read_and_check(R"({"openrpc": "1.3.2", "info": {"title": "Calc", "version": "1"}, "methods": [
  {"name": "a", "params": [{"name": "p", "schema": {"type": "integer", "format": "int128"}}]},
  {"name": "b", "params": [{"name": "q", "schema": {"$ref": "#/components/schemas/Nope"}}]},
  {"name": "a", "params": []},
  {"name": "c", "params": [{"name": "r", "schema": {"type": "strin"}}]}]})"),
              (std::vector<std::string>{
                  "calc.json:5:61: error: \"strin\" is not one of \"array\", \"boolean\", \"integer\", \"null\", "
                  "\"number\", \"object\", \"string\" (at /methods/3/params/0/schema/type)",
                  "calc.json:2:82: error: unsupported integer format 'int128' (at /methods/0/params/0/schema/format)",
                  "calc.json:3:61: error: '#/components/schemas/Nope' refers to no schema "
                  "(at /methods/1/params/0/schema/$ref)",
                  "calc.json:4:3: error: method 'a' is declared twice (also at calc.json:2:3) (at /methods/2)",
              }));
}

TEST(FrontendAndCheck, DefaultsThatDoNotFitAndParameterOrder) {
    EXPECT_EQ(read_and_check(R"({"openrpc": "1.3.2", "info": {"title": "Calc", "version": "1"}, "methods": [
  {"name": "m", "paramStructure": "by-position", "params": [
    {"name": "a", "schema": {"type": "integer", "format": "int32", "default": 3000000000}},
    {"name": "b", "required": true, "schema": {"type": "string"}}]}]})"),
              (std::vector<std::string>{
                  "calc.json:4:5: error: required parameter 'b' of method 'm' comes after the optional parameter 'a', "
                  "which calls by position could then never leave out (at /methods/0/params/1)",
                  "calc.json:3:5: error: the default 3000000000 of parameter 'a' of method 'm' is not a value of its "
                  "type int32 (at /methods/0/params/0)",
              }));
}

}  // namespace
}  // namespace rpcforge::frontend
