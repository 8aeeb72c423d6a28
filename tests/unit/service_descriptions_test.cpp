// rpc.discover on a dispatcher that serves several services: one document describing them all.

#include <rpcforge/dispatcher.hpp>

#include <gtest/gtest.h>

namespace rpcforge {
namespace {

json discover(const Dispatcher& dispatcher) {
    auto answer = dispatcher.handle(Request{"rpc.discover", nullptr, 1, false, Version::v2});
    EXPECT_TRUE(answer && answer->contains("result")) << answer.value_or(json());
    return answer.value_or(json()).value("result", json());
}

json point_schema(const char* coordinate) {
    return {{"type", "object"}, {"properties", {{coordinate, {{"type", "number"}}}}}};
}

/// A service of one method taking a Point and answering a Unit.
json service(const char* name, const char* method, const char* coordinate) {
    return {{"openrpc", "1.2.6"},
            {"info", {{"title", name}, {"version", "1.0.0"}, {"x-rpcforge-service", name}}},
            {"methods",
             {{{"name", method},
               {"params", {{{"name", "at"}, {"schema", {{"$ref", "#/components/schemas/Point"}}}}}},
               {"result", {{"name", "unit"}, {"schema", {{"$ref", "#/components/schemas/Unit"}}}}}}}},
            {"components",
             {{"schemas",
               {{"Point", point_schema(coordinate)},
                {"Line", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Point"}}}}},
                {"Unit", {{"type", "string"}, {"enum", {"m", "km"}}}}}}}}};
}

TEST(ServiceDescriptions, OneServiceIsDescribedByItsOwnDocument) {
    Dispatcher dispatcher;
    dispatcher.add_description([] { return service("Maps", "locate", "x"); });
    EXPECT_EQ(discover(dispatcher), service("Maps", "locate", "x"));
    EXPECT_EQ(discover(dispatcher).dump(), service("Maps", "locate", "x").dump());  // members in their order
}

TEST(ServiceDescriptions, TwoServicesAreDescribedByOneDocument) {
    Dispatcher dispatcher;
    dispatcher.add_description([] { return service("Maps", "locate", "x"); });
    dispatcher.add_description([] { return service("Routes", "route", "x"); });
    json merged = discover(dispatcher);
    EXPECT_EQ(merged.at("info").at("title"), "Maps + Routes");
    EXPECT_EQ(merged.at("info").at("version"), "1.0.0");
    EXPECT_EQ(merged.at("info").at("x-rpcforge-services").size(), 2u);
    ASSERT_EQ(merged.at("methods").size(), 2u);
    EXPECT_EQ(merged.at("methods")[0].at("name"), "locate");
    EXPECT_EQ(merged.at("methods")[1].at("name"), "route");
    // The same schema under the same name is one component.
    EXPECT_EQ(merged.at("components").at("schemas").size(), 3u);
}

TEST(ServiceDescriptions, AComponentDefinedTwiceDifferentlyIsRenamedInTheLaterService) {
    Dispatcher dispatcher;
    dispatcher.add_description([] { return service("Maps", "locate", "x"); });
    dispatcher.add_description([] { return service("Routes", "route", "km"); });
    json merged = discover(dispatcher);
    const json& schemas = merged.at("components").at("schemas");
    EXPECT_EQ(schemas.at("Point"), point_schema("x"));
    EXPECT_EQ(schemas.at("Routes_Point"), point_schema("km"));
    // Line uses Point: in Routes it now uses Routes' own, so it differs from Maps' and is renamed too.
    EXPECT_EQ(schemas.at("Routes_Line").at("items").at("$ref"), "#/components/schemas/Routes_Point");
    EXPECT_EQ(schemas.at("Line").at("items").at("$ref"), "#/components/schemas/Point");
    EXPECT_EQ(schemas.at("Unit"), service("Maps", "locate", "x")["components"]["schemas"]["Unit"]);
    EXPECT_FALSE(schemas.contains("Routes_Unit"));
    const json& route = merged.at("methods")[1];
    EXPECT_EQ(route.at("params")[0].at("schema").at("$ref"), "#/components/schemas/Routes_Point");
    EXPECT_EQ(route.at("result").at("schema").at("$ref"), "#/components/schemas/Unit");
}

TEST(ServiceDescriptions, EachDocumentIsAskedAtEachDiscover) {
    Dispatcher dispatcher;
    int asked = 0;
    dispatcher.add_description([&asked] {
        ++asked;
        return service("Maps", "locate", "x");
    });
    discover(dispatcher);
    discover(dispatcher);
    EXPECT_EQ(asked, 2);
}

TEST(ServiceDescriptions, RpcDiscoverRegisteredByHandIsNotReplaced) {
    Dispatcher dispatcher;
    dispatcher.add_untyped("rpc.discover", [](const json&, CallContext&) { return json("mine"); });
    EXPECT_THROW(dispatcher.add_description([] { return service("Maps", "locate", "x"); }), std::invalid_argument);
    EXPECT_EQ(discover(dispatcher), "mine");
}

}  // namespace
}  // namespace rpcforge
