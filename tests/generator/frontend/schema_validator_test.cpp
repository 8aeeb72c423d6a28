#include "frontend/openrpc/schema_validator.hpp"

#include "frontend/openrpc/embedded_schemas.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace rpcforge::frontend::openrpc {
namespace {

std::vector<ValidationError> validate(const char* schema, const char* instance) {
    return SchemaValidator(Json::parse(schema)).validate(Json::parse(instance));
}

using Errors = std::vector<ValidationError>;

TEST(SchemaValidator, Type) {
    EXPECT_EQ(validate(R"({"type": "string"})", R"("x")"), Errors{});
    EXPECT_EQ(validate(R"({"type": "string"})", "1"), (Errors{{"", false, "expected string, found integer"}}));
    EXPECT_EQ(validate(R"({"type": ["object", "boolean"]})", "[]"),
              (Errors{{"", false, "expected object or boolean, found array"}}));
    EXPECT_EQ(validate(R"({"type": "integer"})", "2.0"), Errors{});
    EXPECT_EQ(validate(R"({"type": "integer"})", "2.5"), (Errors{{"", false, "expected integer, found number"}}));
    EXPECT_EQ(validate(R"({"type": "number"})", "2"), Errors{});
    EXPECT_EQ(validate(R"({"type": "null"})", "null"), Errors{});
}

TEST(SchemaValidator, EnumAndConst) {
    EXPECT_EQ(validate(R"({"enum": ["a", 1]})", "1"), Errors{});
    EXPECT_EQ(validate(R"({"enum": ["a", 1]})", R"("b")"), (Errors{{"", false, R"("b" is not one of "a", 1)"}}));
    EXPECT_EQ(validate(R"({"const": {"a": 1}})", R"({"a": 2})"),
              (Errors{{"", false, R"(expected {"a":1}, found {"a":2})"}}));
}

TEST(SchemaValidator, ObjectKeywords) {
    const char* schema = R"({
        "type": "object", "required": ["name", "id"],
        "properties": {"name": {"type": "string"}, "id": {"type": "integer"}},
        "patternProperties": {"^x-": true},
        "additionalProperties": false})";
    EXPECT_EQ(validate(schema, R"({"name": "n", "id": 1, "x-any": [1]})"), Errors{});
    EXPECT_EQ(validate(schema, R"({"nme": "n", "id": "1"})"),
              (Errors{{"", false, "missing required property 'name'"},
                      {"/nme", true, "unknown property 'nme'"},
                      {"/id", false, "expected integer, found string"}}));
    EXPECT_EQ(validate(R"({"additionalProperties": {"type": "boolean"}})", R"({"a": true, "b": 1})"),
              (Errors{{"/b", false, "expected boolean, found integer"}}));
    EXPECT_EQ(validate(R"({"patternProperties": {"^[0-9]+$": {"type": "string"}}})", R"({"12": 1, "a": 1})"),
              (Errors{{"/12", false, "expected string, found integer"}}));
}

TEST(SchemaValidator, KeywordsOfOtherTypesIgnoreTheValue) {
    EXPECT_EQ(validate(R"({"required": ["a"], "items": false, "pattern": "^x"})", "5"), Errors{});
}

TEST(SchemaValidator, ArrayKeywords) {
    const char* schema = R"({"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": true})";
    EXPECT_EQ(validate(schema, R"(["a", "b"])"), Errors{});
    EXPECT_EQ(validate(schema, R"([1])"), (Errors{{"", false, "expected at least 2 items, found 1"},
                                                  {"/0", false, "expected string, found integer"}}));
    EXPECT_EQ(validate(schema, R"(["a", "b", "a"])"), (Errors{{"/2", false, R"("a" repeats item 0)"}}));
}

TEST(SchemaValidator, StringKeywords) {
    const char* schema = R"({"type": "string", "minLength": 2, "pattern": "^1\\.[0-4]\\.[0-9]+$"})";
    EXPECT_EQ(validate(schema, R"("1.4.0")"), Errors{});
    EXPECT_EQ(validate(schema, R"("2.0.0")"),
              (Errors{{"", false, R"("2.0.0" does not match the pattern '^1\.[0-4]\.[0-9]+$')"}}));
    EXPECT_EQ(validate(R"({"minLength": 2})", R"("é")"),
              (Errors{{"", false, "expected at least 2 characters, found 1"}}));
}

TEST(SchemaValidator, BooleanSchemas) {
    EXPECT_EQ(validate("true", "[1]"), Errors{});
    EXPECT_EQ(validate(R"({"properties": {"a": false}})", R"({"a": 1})"),
              (Errors{{"/a", false, "no value is allowed here"}}));
}

TEST(SchemaValidator, AnyOfAndOneOfReportTheClosestAlternative) {
    const char* schema = R"({"oneOf": [
        {"type": "object", "required": ["$ref"], "additionalProperties": false, "properties": {"$ref": {"type": "string"}}},
        {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "required": {"type": "boolean"}}}]})";
    EXPECT_EQ(validate(schema, R"({"$ref": "#/x"})"), Errors{});
    EXPECT_EQ(validate(schema, R"({"name": "a", "required": 1})"),
              (Errors{{"/required", false, "expected boolean, found integer"}}));
    EXPECT_EQ(validate(R"({"oneOf": [{"type": "integer"}, {"type": "number"}]})", "1"),
              (Errors{{"", false, "matches more than one alternative of 'oneOf' (0 and 1)"}}));
    EXPECT_EQ(validate(R"({"anyOf": [{"type": "integer"}, {"type": "number"}]})", "1"), Errors{});
    EXPECT_EQ(validate(R"({"anyOf": [{"type": "integer"}, {"type": "string", "minLength": 3}]})", R"("ab")"),
              (Errors{{"", false, "expected integer, found string"}}));
}

TEST(SchemaValidator, AllOfNotAndConditionals) {
    EXPECT_EQ(validate(R"({"allOf": [{"type": "integer"}, {"enum": [1, 2]}]})", "3"),
              (Errors{{"", false, "3 is not one of 1, 2"}}));
    EXPECT_EQ(validate(R"({"not": {"type": "string"}})", R"("s")"),
              (Errors{{"", false, "matches a schema it must not match"}}));
    const char* conditional = R"({"if": {"required": ["$ref"]}, "then": {"required": ["only"]},
                                 "else": {"required": ["name"]}})";
    EXPECT_EQ(validate(conditional, R"({"$ref": "x"})"), (Errors{{"", false, "missing required property 'only'"}}));
    EXPECT_EQ(validate(conditional, R"({})"), (Errors{{"", false, "missing required property 'name'"}}));
}

TEST(SchemaValidator, ReferencesWithinTheSchemaIncludingRecursion) {
    const char* schema = R"({"$ref": "#/definitions/Node",
        "definitions": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"},
                                                                  "v": {"type": "integer"}}}}})";
    EXPECT_EQ(validate(schema, R"({"next": {"next": {"v": "x"}}})"),
              (Errors{{"/next/next/v", false, "expected integer, found string"}}));
    EXPECT_EQ(validate(R"({"properties": {"a": {"$ref": "#"}}, "type": "object"})", R"({"a": {"a": 1}})"),
              (Errors{{"/a/a", false, "expected object, found integer"}}));
}

TEST(SchemaValidator, RefusesSchemasItCannotHonour) {
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"maximum": 3})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"properties": {"a": {"format": "x"}}})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"$ref": "#/definitions/Missing"})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"$ref": "other.json#/a"})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"pattern": "("})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"items": [true]})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse(R"({"type": "text"})")), std::invalid_argument);
    EXPECT_THROW(SchemaValidator(Json::parse("3")), std::invalid_argument);
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(SchemaValidator, TheEmbeddedSchemasAreTheFilesAndItCanHonourThem) {
    EXPECT_EQ(openrpc_input_schema(), file_text(RPCFORGE_SCHEMA_DIR "/openrpc-input.schema.json"));
    EXPECT_EQ(jsonrpcstub_input_schema(), file_text(RPCFORGE_SCHEMA_DIR "/jsonrpcstub-input.schema.json"));
    EXPECT_NO_THROW(SchemaValidator(Json::parse(openrpc_input_schema())));
    EXPECT_NO_THROW(SchemaValidator(Json::parse(jsonrpcstub_input_schema())));
}

}  // namespace
}  // namespace rpcforge::frontend::openrpc
