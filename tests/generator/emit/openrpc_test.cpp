#include "calculator_model.hpp"
#include "declared_model.hpp"
#include "emit/emit.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace rpcforge::emit {
namespace {

using Json = nlohmann::ordered_json;

Json calculator_document() {
    return Json::parse(emit_openrpc(testing::calculator_model()));
}

const Json& method_named(const Json& document, const std::string& name) {
    for (const auto& method : document.at("methods"))
        if (method.at("name") == name) return method;
    throw std::runtime_error("no method " + name);
}

std::vector<std::string> keys(const Json& object) {
    std::vector<std::string> out;
    for (const auto& item : object.items()) out.push_back(item.key());
    return out;
}

TEST(OpenRpc, MembersInAFixedOrder) {
    const auto document = calculator_document();
    EXPECT_EQ(keys(document), (std::vector<std::string>{"openrpc", "info", "methods", "components", "x-rpcforge-callbacks"}));
    EXPECT_EQ(document.at("openrpc"), "1.3.2");
    EXPECT_EQ(document.at("info"), Json::parse(R"({"title": "Calculator", "version": "1.0.0",
        "description": "Arithmetic over JSON-RPC, and a few shapes.", "x-rpcforge-service": "Calculator"})"));
    EXPECT_EQ(keys(method_named(document, "divide")),
              (std::vector<std::string>{"name", "paramStructure", "params", "result", "errors"}));
}

TEST(OpenRpc, TwoSpaceIndentationAndAFinalNewline) {
    const std::string text = emit_openrpc(testing::calculator_model());
    EXPECT_EQ(text.rfind("{\n  \"openrpc\": \"1.3.2\",\n  \"info\": {\n    \"title\"", 0), 0u);
    EXPECT_EQ(text.back(), '\n');
}

TEST(OpenRpc, ParamsResultsAndErrors) {
    const auto document = calculator_document();
    EXPECT_EQ(method_named(document, "divide"), Json::parse(R"({
        "name": "divide",
        "paramStructure": "by-name",
        "params": [
          {"name": "dividend", "required": true, "schema": {"type": "number"}},
          {"name": "divisor", "required": true, "schema": {"type": "number"}},
          {"name": "rounding", "required": false, "schema": {"$ref": "#/components/schemas/Rounding", "default": "nearest"}}
        ],
        "result": {"name": "result", "schema": {"type": "number"}},
        "errors": [{"$ref": "#/components/errors/DivisionByZero"}]
    })"));
    const auto& log = method_named(document, "log");
    EXPECT_FALSE(log.contains("result")) << "a notification has no result";
    EXPECT_EQ(log.at("description"), "Writes a line to the server's log.");
    EXPECT_EQ(method_named(document, "add").at("x-rpcforge-aliases"), Json::array({"plus"}));
    EXPECT_EQ(method_named(document, "stats.get").at("x-rpcforge-cpp"), "get_stats");
    // OpenRPC's error object admits nothing beyond code, message and data (a value): the data's
    // schema goes beside, in components/x-rpcforge-errors.
    EXPECT_EQ(document.at("components").at("errors"), Json::parse(R"({
        "DivisionByZero": {"code": 1001, "message": "Division by zero"},
        "Overflow": {"code": 1002, "message": "Integer overflow"}
    })"));
    EXPECT_EQ(document.at("components").at("x-rpcforge-errors"), Json::parse(R"({
        "Overflow": {"x-rpcforge-data": {"$ref": "#/components/schemas/OverflowInfo"}}
    })"));
}

TEST(OpenRpc, MethodsTakingTheCallContextAreMarked) {
    const auto document = Json::parse(emit_openrpc(testing::declared_chat_model()));
    EXPECT_EQ(method_named(document, "whoami").at("x-rpcforge-context"), true);
    EXPECT_FALSE(method_named(document, "post").contains("x-rpcforge-context")) << "written only where true";
}

TEST(OpenRpc, RolesAreWrittenWhereThereAreSome) {
    auto service = testing::calculator_model();
    service.methods[0].roles = {"admin", "writer"};
    const auto document = Json::parse(emit_openrpc(service));
    EXPECT_EQ(document.at("methods").at(0).at("x-rpcforge-roles"), Json::array({"admin", "writer"}));
    EXPECT_FALSE(document.at("methods").at(1).contains("x-rpcforge-roles")) << "written only where there are some";
}

TEST(OpenRpc, IdempotentMethodsAreMarked) {
    const auto document = calculator_document();
    EXPECT_EQ(method_named(document, "add").at("x-rpcforge-idempotent"), true);
    EXPECT_FALSE(method_named(document, "subtract").contains("x-rpcforge-idempotent")) << "written only where true";
}

TEST(OpenRpc, MethodsAnsweringThroughAReplyAreMarked) {
    const auto document = Json::parse(emit_openrpc(testing::declared_chat_model()));
    EXPECT_EQ(method_named(document, "count").at("x-rpcforge-async"), true);
    EXPECT_FALSE(method_named(document, "post").contains("x-rpcforge-async")) << "written only where true";
}

TEST(OpenRpc, CallbacksTheUserDeclaredAreNamed) {
    const auto document = Json::parse(emit_openrpc(testing::declared_chat_model()));
    EXPECT_EQ(document.at("info").at("x-rpcforge-cpp-callbacks"), "chat::ChatEvents");
    EXPECT_EQ(document.at("x-rpcforge-callbacks").at(0).at("name"), "posted");
    EXPECT_FALSE(calculator_document().at("info").contains("x-rpcforge-cpp-callbacks"));
}

TEST(OpenRpc, SchemasOfEveryKind) {
    const auto schemas = calculator_document().at("components").at("schemas");
    EXPECT_EQ(keys(schemas).front(), "BinOp") << "declaration order";
    EXPECT_EQ(schemas.at("Point"), Json::parse(R"({
        "type": "object", "description": "A point in the plane.",
        "properties": {"x": {"type": "number"}, "y": {"type": "number"}, "label": {"type": "string"}},
        "required": ["x", "y"]
    })"));
    EXPECT_EQ(schemas.at("Rounding"), Json::parse(R"({
        "type": "string", "description": "How a quotient is rounded.",
        "enum": ["nearest", "down", "to-zero"], "x-rpcforge-cpp-values": ["nearest", "down", "to_zero"]
    })"));
    EXPECT_EQ(schemas.at("Shape"), Json::parse(R"({
        "description": "A shape, told apart by its `kind`.",
        "discriminator": {"propertyName": "kind", "mapping": {"circle": "#/components/schemas/Circle",
                                                               "square": "#/components/schemas/Square"}},
        "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]
    })"));
    EXPECT_EQ(schemas.at("Settings").at("properties"), Json::parse(R"({
        "precision": {"type": "integer", "format": "int32", "default": 2},
        "rounding": {"$ref": "#/components/schemas/Rounding", "default": "nearest"},
        "tags": {"type": "array", "items": {"type": "string"}, "default": []},
        "note": {"type": ["string", "null"]},
        "comment": {"type": ["string", "null"]},
        "limits": {"type": "object", "additionalProperties": {"type": "integer", "format": "uint64"}},
        "scores": {"type": "array", "items": {"type": ["integer", "null"], "format": "int32"}}
    })"));
    EXPECT_EQ(schemas.at("Settings").at("required"), Json::parse(R"(["note"])"));
}

TEST(OpenRpc, ANullableReferenceIsAOneOfWithNull) {
    model::Service service;
    service.name = {"S", "S"};
    model::Method method;
    method.name = {"m", "m"};
    method.result = model::Type::optional_of(model::Type::named_type("P"));
    service.methods = {method};
    service.types = {model::Struct{{"P", "P"}, {}, {}, {}, {}}};
    const auto document = Json::parse(emit_openrpc(service));
    EXPECT_EQ(document.at("methods")[0].at("result").at("schema"),
              Json::parse(R"({"oneOf": [{"$ref": "#/components/schemas/P"}, {"type": "null"}]})"));
    EXPECT_FALSE(document.contains("x-rpcforge-callbacks"));
}

TEST(OpenRpc, CallbacksAreAnExtension) {
    const auto callbacks = calculator_document().at("x-rpcforge-callbacks");
    ASSERT_EQ(callbacks.size(), 1u);
    EXPECT_EQ(callbacks[0].at("name"), "progress");
    EXPECT_FALSE(callbacks[0].contains("result"));
}

TEST(OpenRpc, CppNamesThatDifferFromWireNamesAreKept) {
    auto service = testing::calculator_model();
    service.name = {"calculator", "Calculator"};
    service.methods[0].params[0].name = {"class", "class_"};
    const auto document = Json::parse(emit_openrpc(service));
    EXPECT_EQ(document.at("info").at("x-rpcforge-service"), "calculator");
    EXPECT_EQ(document.at("info").at("x-rpcforge-cpp"), "Calculator");
    EXPECT_EQ(document.at("methods")[0].at("params")[0].at("x-rpcforge-cpp"), "class_");
}

TEST(OpenRpc, AServiceDeclaredInCppKeepsItsHeaderDeclarationsAndSpellings) {
    const auto document = Json::parse(emit_openrpc(testing::declared_chat_model()));
    EXPECT_EQ(document.at("info"), Json::parse(R"({"title": "ChatService", "version": "1.0.0",
        "x-rpcforge-service": "ChatService", "x-rpcforge-cpp-header": "chat_service.hpp",
        "x-rpcforge-cpp-declared": "chat::ChatService", "x-rpcforge-cpp-callbacks": "chat::ChatEvents"})"));
    EXPECT_EQ(method_named(document, "history").at("params"), Json::parse(R"([
        {"name": "room", "required": true, "schema": {"type": "string", "x-rpcforge-cpp-type": "std::string"},
         "x-rpcforge-cpp-declared": "const std::string&"},
        {"name": "limit", "required": false,
         "schema": {"type": "integer", "format": "int32", "x-rpcforge-cpp-type": "int16_t"},
         "x-rpcforge-cpp-declared": "std::optional<int16_t>"}
    ])"));
    EXPECT_EQ(method_named(document, "history").at("result").at("schema"), Json::parse(R"({"type": "array",
        "items": {"$ref": "#/components/schemas/Message", "x-rpcforge-cpp-type": "chat::Message"},
        "x-rpcforge-cpp-type": "std::vector<chat::Message>"})"));
    const Json& schemas = document.at("components").at("schemas");
    EXPECT_EQ(schemas.at("Mood"), Json::parse(R"({"type": "string", "x-rpcforge-cpp-declared": "chat::shared::Mood",
        "enum": ["happy", "sad"]})"));
    EXPECT_EQ(schemas.at("Amount").at("x-rpcforge-cpp-declared"), "chat::Amount");
    EXPECT_EQ(schemas.at("Message").at("properties").at("priority"),
              Json::parse(R"({"type": "integer", "format": "int32", "x-rpcforge-cpp-type": "int16_t"})"));
}

TEST(OpenRpc, ANullableTypeWithItsOwnSpellingIsAOneOf) {
    model::Type value = model::Type::of(model::Type::Kind::int32);
    value.cpp = "short";
    model::Type nullable = model::Type::optional_of(value);
    nullable.cpp = "std::optional<short>";
    model::Method method;
    method.name = {"m", "m"};
    method.result = nullable;
    model::Service service;
    service.name = {"S", "S"};
    service.methods = {method};
    const auto document = Json::parse(emit_openrpc(service));
    EXPECT_EQ(method_named(document, "m").at("result").at("schema"), Json::parse(R"({"oneOf": [
        {"type": "integer", "format": "int32", "x-rpcforge-cpp-type": "short"}, {"type": "null"}],
        "x-rpcforge-cpp-type": "std::optional<short>"})"));
}

}  // namespace
}  // namespace rpcforge::emit
