// `rpcforge call` refuses wrong arguments before sending, "with the same message the server
// would give". Here the check (generator/remote/param_check) and a server generated from the
// same document meet: for every params of a table, the message the check predicts is the
// message the running server answers -32602 with, or both accept. The service is the one made
// of every kind of type the generator maps (tests/fuzz/struct_heavy.openrpc.json), and the
// check reads it as `rpcforge call` does: from the server's rpc.discover.

#include "frontend/openrpc/openrpc.hpp"
#include "remote/param_check.hpp"
#include "struct_heavy_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using rpcforge::json;

class Warehouse final : public heavy::Warehouse {
public:
    heavy::Receipt ship(const heavy::Shipment&) override { return heavy::Receipt{}; }
    std::map<std::string, heavy::Position> track(const std::vector<std::uint64_t>&,
                                                 const std::optional<std::vector<heavy::Event>>&) override {
        return {};
    }
};

class ParamCheck : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        implementation = std::make_unique<Warehouse>();
        dispatcher = std::make_unique<rpcforge::Dispatcher>();
        heavy::bind(*implementation).add_to(*dispatcher);
        server = std::make_unique<rpcforge::Server>(*dispatcher);
        auto uri = server->listen("tcp://127.0.0.1:0");
        server->start();
        client = std::make_unique<rpcforge::Client>(uri);
        rpcforge::diagnostics::Sink sink;
        service = rpcforge::frontend::openrpc::read_openrpc_text(client->call("rpc.discover").dump(), "rpc.discover", sink);
        ASSERT_TRUE(service && !sink.has_errors());
    }
    static void TearDownTestSuite() {
        client.reset();
        server->stop();
        server.reset();
    }

    /// What the server answers: nothing when it accepts, else its -32602 message.
    static std::optional<std::string> served(const std::string& method, const json& params) {
        try {
            client->call(method, params);
            return std::nullopt;
        } catch (const rpcforge::Error& e) {
            EXPECT_EQ(e.code(), rpcforge::error_code::invalid_params) << e.what();
            return std::string(e.what());
        }
    }

    static std::optional<std::string> predicted(const std::string& method, const json& params) {
        for (const auto& declared : service->methods)
            if (declared.name.wire == method) return rpcforge::remote::invalid_params(*service, declared, params);
        ADD_FAILURE() << "no method " << method << " in rpc.discover";
        return std::nullopt;
    }

    /// The check and the server agree; `refused` says whether they refuse.
    static void agree(const std::string& method, const json& params, bool refused) {
        auto answer = served(method, params);
        EXPECT_EQ(predicted(method, params), answer) << method << " " << params.dump();
        EXPECT_EQ(answer.has_value(), refused) << method << " " << params.dump() << ": " << answer.value_or("accepted");
    }

    /// A valid shipment with `changes` merged in (RFC 7386: a null removes a member).
    static json shipment(const json& changes = json::object()) {
        json value = {{"id", 7}, {"items", json::array()}, {"to", {{"lines", {"1 Main St"}}, {"country", "NL"}}}};
        value.merge_patch(changes);
        return {{"shipment", value}};
    }

    static inline std::unique_ptr<Warehouse> implementation;
    static inline std::unique_ptr<rpcforge::Dispatcher> dispatcher;
    static inline std::unique_ptr<rpcforge::Server> server;
    static inline std::unique_ptr<rpcforge::Client> client;
    static inline std::optional<rpcforge::model::Service> service;
};

TEST_F(ParamCheck, AcceptsWhatTheServerAccepts) {
    agree("ship", shipment(), false);
    agree("ship", json::array({shipment()["shipment"]}), false);
    agree("ship", shipment({{"priority", "urgent"}, {"notes", nullptr}, {"extra", {{"any", {1, "thing"}}}}}), false);
    agree("ship", shipment({{"history", {{{"kind", "delivered"}}, {{"kind", "delayed"}, {"reason", "snow"}}}}}), false);
    agree("ship", shipment({{"quantities", {{"a", 3}, {"b", "three"}, {"c", {1.5, 2}}}}}), false);
    agree("ship", shipment({{"scores", {1, nullptr, 3}}, {"matrix", {{1, 2}, json::array()}}}), false);
    agree("track", {{"ids", {1, 2}}}, false);
    agree("track", json::array({json::array({1}), nullptr}), false);
}

TEST_F(ParamCheck, TheShapeOfParams) {
    agree("ship", json::object(), true);                                         // missing
    agree("ship", nullptr, true);                                                // no params at all
    agree("ship", json::array({1, 2}), true);                                    // too many
    agree("ship", {{"shipment", shipment()["shipment"]}, {"extra", 1}}, true);  // unknown name
    agree("track", json::object(), true);
}

TEST_F(ParamCheck, KindsAndRanges) {
    agree("ship", {{"shipment", 5}}, true);
    agree("ship", shipment({{"id", -1}}), true);
    agree("ship", shipment({{"id", 1.5}}), true);
    agree("ship", shipment({{"reference", 9223372036854775808u}}), true);
    agree("ship", shipment({{"items", {{{"sku", "a"}, {"count", 4294967296}}}}}), true);
    agree("ship", shipment({{"items", {{{"sku", "a"}, {"count", 1}, {"weight_grams", 3000000000}}}}}), true);
    agree("ship", shipment({{"items", {{{"sku", "a"}, {"count", 1}, {"fragile", "yes"}}}}}), true);
    agree("ship", shipment({{"notes", 5}}), true);
    agree("ship", shipment({{"matrix", {{1, "x"}}}}), true);
    agree("ship", shipment({{"scores", {1, nullptr, "x"}}}), true);
    agree("ship", shipment({{"customs", {{"codes", {{"x", {-1}}}}}}}), true);
    agree("track", {{"ids", "x"}}, true);
}

TEST_F(ParamCheck, NestedStructsNameThePlace) {
    agree("ship", shipment({{"id", nullptr}}), true);  // merge_patch removes it: missing
    agree("ship", shipment({{"to", {{"at", {{"lat", 1}}}}}}), true);
    agree("ship", shipment({{"items", {{{"sku", "a"}, {"count", 1}, {"parts", {{{"sku", "b"}}}}}}}}), true);
    agree("ship", shipment({{"items", {{{"sku", "a"}, {"count", 1}, {"attributes", {{"k", 1}}}}}}}), true);
}

TEST_F(ParamCheck, EnumsAndVariants) {
    agree("ship", shipment({{"priority", "high"}}), true);
    agree("ship", shipment({{"priority", 3}}), true);
    agree("ship", shipment({{"history", {{{"kind", "lost"}}}}}), true);
    agree("ship", shipment({{"history", {{{"reason", "snow"}}}}}), true);
    agree("ship", shipment({{"history", {{{"kind", 1}}}}}), true);
    agree("ship", shipment({{"history", {{{"kind", "scanned"}}}}}), true);
    agree("ship", shipment({{"history", {"scanned"}}}), true);
    agree("ship", shipment({{"quantities", {{"a", true}}}}), true);
    agree("ship", shipment({{"quantities", {{"a", {1, "x"}}}}}), true);
    agree("track", json::array({json::array({1}), json::array({{{"kind", "delivered"}, {"signature", 5}}})}), true);
}

/// A second service whose Receipt is not the Warehouse's: merged into one rpc.discover document,
/// it is renamed, and the frontend that `rpcforge list` and `call` use reads the whole.
TEST(TwoServicesDiscover, TheMergedDocumentReadsAsOneServiceOfBothMethods) {
    Warehouse implementation;
    rpcforge::Dispatcher dispatcher;
    heavy::bind(implementation).add_to(dispatcher);
    const json counter = json::parse(R"({
      "openrpc": "1.3.2",
      "info": {"title": "Counter", "version": "2.0.0", "x-rpcforge-service": "Counter"},
      "methods": [{"name": "stamp", "params": [{"name": "receipt", "required": true,
                                                "schema": {"$ref": "#/components/schemas/Receipt"}}],
                   "result": {"name": "count", "schema": {"type": "integer", "format": "int64"}}}],
      "components": {"schemas": {"Receipt": {"type": "object", "required": ["number"],
                                             "properties": {"number": {"type": "integer", "format": "int64"}}}}}
    })");
    dispatcher.add_description([counter] { return counter; });
    auto answer = dispatcher.handle(rpcforge::Request{"rpc.discover", nullptr, 1, false, rpcforge::Version::v2});
    ASSERT_TRUE(answer && answer->contains("result"));

    rpcforge::diagnostics::Sink sink;
    auto merged = rpcforge::frontend::openrpc::read_openrpc_text(answer->at("result").dump(), "rpc.discover", sink);
    std::ostringstream diagnostics;
    sink.print(diagnostics);
    ASSERT_TRUE(merged && !sink.has_errors()) << diagnostics.str();
    std::vector<std::string> methods;
    for (const auto& method : merged->methods) methods.push_back(method.name.wire);
    EXPECT_EQ(methods, (std::vector<std::string>{"ship", "track", "stamp"}));
    const auto& stamp = merged->methods.back();
    EXPECT_EQ(rpcforge::remote::invalid_params(*merged, stamp, json({{"receipt", {{"number", 4}}}})), std::nullopt);
    EXPECT_NE(rpcforge::remote::invalid_params(*merged, stamp, json({{"receipt", {{"accepted", true}}}})), std::nullopt)
        << "the Counter's Receipt, not the Warehouse's";
}

}  // namespace
