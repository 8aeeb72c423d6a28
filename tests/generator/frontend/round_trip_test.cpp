// rpcforge's own OpenRPC output (generator/emit) read back gives the model it was written
// from: what makes header -> OpenRPC -> generate give the same C++.

#include "calculator_model.hpp"
#include "check/check.hpp"
#include "emit/emit.hpp"
#include "model_builders.hpp"
#include "read_support.hpp"

#include <sstream>

namespace rpcforge::frontend {
namespace {

using namespace model::testing;

void expect_round_trip(const model::Service& original) {
    std::string document = emit::emit_openrpc(original);
    auto result = testing::read_text(document, "emitted.json");
    EXPECT_EQ(result.diagnostics, std::vector<std::string>{}) << document;
    EXPECT_EQ(without_locations(result.service), without_locations(original)) << document;
    diagnostics::Sink sink;
    check::check(result.service, sink);
    std::ostringstream checked;
    sink.print(checked);
    EXPECT_FALSE(sink.has_errors()) << checked.str();
}

TEST(RoundTrip, TheCalculatorComesBackTheSame) { expect_round_trip(emit::testing::calculator_model()); }

TEST(RoundTrip, EdgeServicesComeBackTheSame) {
    expect_round_trip(emit::testing::empty_model());
    expect_round_trip(emit::testing::events_model());
}

TEST(RoundTrip, NamesThatAreNotPascalCaseKeepTheirCppNames) {
    model::Service service;
    service.name = name("calc_service");
    service.title = "Calc";
    service.version = "1";
    service.types = {structure(name("user_info"), {field(name("zip-code", "zip_code"), of(Kind::string))}),
                     enumeration(name("mode"), {name("a-b", "a_b"), name("class", "class_")}),
                     structure(name("point 3d", "Point3d"), {})};
    auto get = method(name("user.get", "user_get"), {param(name("info"), named("user_info"))}, named("Point3d"));
    get.errors = {"not_found"};
    service.methods = {get};
    service.errors = {error(name("not_found"), 404, "Not found", named("mode"))};
    expect_round_trip(service);
}

}  // namespace
}  // namespace rpcforge::frontend
