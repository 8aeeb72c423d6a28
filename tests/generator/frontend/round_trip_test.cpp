// rpcforge's own OpenRPC output (generator/emit) read back gives the model it was written
// from: what makes header -> OpenRPC -> generate give the same C++.

#include "calculator_model.hpp"
#include "check/check.hpp"
#include "declared_model.hpp"
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

TEST(RoundTrip, ACoroutineMethodComesBackACoroutine) {
    auto service = emit::testing::calculator_model();
    service.methods.front().is_coroutine = true;
    expect_round_trip(service);
}

TEST(RoundTrip, AServiceDeclaredInCppComesBackTheSame) {
    expect_round_trip(emit::testing::declared_chat_model());
}

// header -> OpenRPC -> generate gives the same bytes as header -> generate.
TEST(RoundTrip, AServiceDeclaredInCppGeneratesTheSameCppThroughOpenRpc) {
    const model::Service declared = emit::testing::declared_chat_model();
    const auto read = testing::read_text(emit::emit_openrpc(declared), "chat.openrpc.json");
    ASSERT_EQ(read.diagnostics, std::vector<std::string>{});
    emit::EmitOptions options;
    options.cpp_namespace = "chat_rpc";
    options.input_file_name = "chat_service.hpp";
    const auto direct = emit::emit_cpp(declared, options);
    const auto through_openrpc = emit::emit_cpp(read.service, options);
    ASSERT_EQ(through_openrpc.size(), direct.size());
    for (std::size_t i = 0; i < direct.size(); ++i) {
        EXPECT_EQ(through_openrpc[i].name, direct[i].name);
        EXPECT_EQ(through_openrpc[i].content, direct[i].content) << direct[i].name;
    }
    EXPECT_NE(direct[2].content.find("class ChatServiceClient final : public chat::ChatService {"), std::string::npos);
}

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
