// Every diagnostic of the OpenRPC frontend, on its exact text and place.

#include "read_support.hpp"

namespace rpcforge::frontend {
namespace {

using testing::diagnostics_of;
using testing::document;
using testing::with_param;
using Lines = std::vector<std::string>;

/// A document whose components.schemas are `schemas`, written from line 3 on, one per line:
/// `schemas` is the text between the braces.
std::string schemas_document(const std::string& schemas) {
    return "{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [],\n"
           "\"components\": {\"schemas\": {\n" +
           schemas + "\n}}}";
}

TEST(OpenRpcDiagnostics, SyntaxErrorsStopBeforeValidation) {
    EXPECT_EQ(
        diagnostics_of("{\"openrpc\": \"1.3.2\",\n \"info\": }"),
        Lines{
            "t.json:2:10: error: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal"});
}

TEST(OpenRpcDiagnostics, NeitherAnObjectNorAnArray) {
    EXPECT_EQ(
        diagnostics_of("  \"calc\""),
        Lines{"t.json:1:3: error: expected an OpenRPC document (an object) or a jsonrpcstub specification (an array)"});
}

TEST(OpenRpcDiagnostics, EveryValidationErrorAtItsPlace) {
    EXPECT_EQ(
        diagnostics_of("{\n"
                       "  \"openrpc\": \"2.0.0\",\n"
                       "  \"info\": {\"title\": 5},\n"
                       "  \"methods\": [\n"
                       "    {\"name\": \"a\", \"resutl\": {}, \"paramStructure\": \"by_name\"},\n"
                       "    {\"params\": [{\"name\": \"p\", \"schema\": {\"type\": \"text\", \"propertise\": {}}}]},\n"
                       "    {\"name\": \"b\", \"params\": [{\"$ref\": \"#/x\", \"name\": \"p\"}]}\n"
                       "  ]\n"
                       "}\n"),
        (Lines{
            R"(t.json:2:14: error: "2.0.0" does not match the pattern '^1\.[0-4]\.[0-9]+(-[0-9A-Za-z.-]+)?$' (at /openrpc))",
            "t.json:3:11: error: missing required property 'version' (at /info)",
            "t.json:3:21: error: expected string, found integer (at /info/title)",
            "t.json:5:19: error: unknown property 'resutl' (at /methods/0/resutl)",
            R"(t.json:5:51: error: "by_name" is not one of "by-name", "by-position", "either" (at /methods/0/paramStructure))",
            "t.json:6:5: error: missing required property 'name' (at /methods/1)",
            R"(t.json:6:50: error: "text" is not one of "array", "boolean", "integer", "null", "number", "object", "string" (at /methods/1/params/0/schema/type))",
            "t.json:6:58: error: unknown property 'propertise' (at /methods/1/params/0/schema/propertise)",
            "t.json:7:46: error: unknown property 'name' (at /methods/2/params/0/name)",
        }));
}

TEST(OpenRpcDiagnostics, MissingTopLevelMembers) {
    EXPECT_EQ(diagnostics_of("{}"), (Lines{"t.json:1:1: error: missing required property 'openrpc'",
                                           "t.json:1:1: error: missing required property 'info'",
                                           "t.json:1:1: error: missing required property 'methods'"}));
}

TEST(OpenRpcDiagnostics, UnsupportedIntegerAndNumberFormats) {
    EXPECT_EQ(diagnostics_of(schemas_document(R"("A": {"type": "integer", "format": "int128"},
"B": {"type": "number", "format": "decimal"})")),
              (Lines{"t.json:3:36: error: unsupported integer format 'int128' (at /components/schemas/A/format)",
                     "t.json:4:35: error: unsupported number format 'decimal' (at /components/schemas/B/format)"}));
}

TEST(OpenRpcDiagnostics, SchemaFeaturesWithoutACppType) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("A": {"not": {"type": "string"}},
"B": {"type": "object", "patternProperties": {"^x": {}}},
"C": {"type": "array", "items": [{"type": "string"}], "additionalItems": false},
"D": {"if": {}, "then": {}, "else": {}},
"E": {"definitions": {}, "type": "string"},
"F": {"type": "string", "propertyNames": {}, "dependencies": {}, "contains": {}})")),
        (Lines{
            "t.json:3:7: error: unsupported schema keyword 'not' (at /components/schemas/A/not)",
            "t.json:4:25: error: unsupported schema keyword 'patternProperties' (at "
            "/components/schemas/B/patternProperties)",
            "t.json:5:55: error: unsupported schema keyword 'additionalItems' (at "
            "/components/schemas/C/additionalItems)",
            "t.json:5:33: error: tuples ('items' as an array) are not supported (at /components/schemas/C/items)",
            "t.json:6:7: error: unsupported schema keyword 'if' (at /components/schemas/D/if)",
            "t.json:6:17: error: unsupported schema keyword 'then' (at /components/schemas/D/then)",
            "t.json:6:29: error: unsupported schema keyword 'else' (at /components/schemas/D/else)",
            "t.json:7:7: error: unsupported schema keyword 'definitions'; declare shared schemas in "
            "components/schemas (at /components/schemas/E/definitions)",
            "t.json:8:25: error: unsupported schema keyword 'propertyNames' (at /components/schemas/F/propertyNames)",
            "t.json:8:46: error: unsupported schema keyword 'dependencies' (at /components/schemas/F/dependencies)",
            "t.json:8:66: error: unsupported schema keyword 'contains' (at /components/schemas/F/contains)"}));
}

TEST(OpenRpcDiagnostics, TypesThatAreNoneOrSeveral) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("A": {"type": ["string", "integer"]},
"B": {"type": "null"},
"C": false,
"D": {"type": "integer", "enum": [1, 2]},
"E": {"enum": ["a", 1]},
"F": {"type": "string", "enum": ["a", 2]})")),
        (Lines{"t.json:3:15: error: a value of several types (string, integer) is not supported; use oneOf "
               "(at /components/schemas/A/type)",
               "t.json:4:15: error: a schema that allows only null has no C++ type (at /components/schemas/B/type)",
               "t.json:5:6: error: the schema 'false' allows no value; it has no C++ type (at /components/schemas/C)",
               "t.json:6:34: error: enum is supported for strings only, not for values of type 'integer' "
               "(at /components/schemas/D/enum)",
               "t.json:7:21: error: enum values must be strings, not 1 (at /components/schemas/E/enum/1)",
               "t.json:8:39: error: enum values must be strings, not 2 (at /components/schemas/F/enum/1)"}));
}

TEST(OpenRpcDiagnostics, ReferencesThatCannotBeFollowed) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("A": {"$ref": "other.json#/components/schemas/B"},
"B": {"$ref": "#/components/contentDescriptors/X"},
"C": {"$ref": "#/components/schemas/Nothing"},
"D": {"$ref": "#/components/schemas/B", "type": "object"},
"E": {"type": "array", "items": {"$ref": "#/components/schemas/E"}},
"F": {"$ref": "#/components/schemas/G"},
"G": {"$ref": "#/components/schemas/F"})")),
        (Lines{"t.json:3:15: error: only references within the document are supported, not "
               "'other.json#/components/schemas/B' (at /components/schemas/A/$ref)",
               "t.json:4:15: error: a schema may only refer to '#/components/schemas/<name>', not "
               "'#/components/contentDescriptors/X' (at /components/schemas/B/$ref)",
               "t.json:5:15: error: '#/components/schemas/Nothing' refers to no schema (at /components/schemas/C/$ref)",
               "t.json:6:41: error: 'type' next to $ref is not supported (JSON Schema draft-07 ignores it) "
               "(at /components/schemas/D/type)",
               "t.json:7:42: error: recursive schema '#/components/schemas/E': only an object, an enum or a "
               "variant may contain itself (at /components/schemas/E/items/$ref)",
               "t.json:9:15: error: recursive schema '#/components/schemas/F': only an object, an enum or a "
               "variant may contain itself (at /components/schemas/G/$ref)"}));
}

TEST(OpenRpcDiagnostics, DescriptorAndErrorReferences) {
    EXPECT_EQ(diagnostics_of(document(R"([{"name": "m",
 "params": [{"$ref": "#/components/schemas/P"}, {"$ref": "#/components/contentDescriptors/None"}],
 "result": {"$ref": "#/components/errors/E"},
 "errors": [{"$ref": "#/components/errors/None"}, {"$ref": "#/components/contentDescriptors/D"}]}])")),
              (Lines{"t.json:2:22: error: this may only refer to '#/components/contentDescriptors/<name>', not "
                     "'#/components/schemas/P' (at /methods/0/params/0/$ref)",
                     "t.json:2:58: error: '#/components/contentDescriptors/None' refers to no content descriptor "
                     "(at /methods/0/params/1/$ref)",
                     "t.json:3:21: error: this may only refer to '#/components/contentDescriptors/<name>', not "
                     "'#/components/errors/E' (at /methods/0/result/$ref)",
                     "t.json:4:22: error: '#/components/errors/None' refers to no error (at /methods/0/errors/0/$ref)",
                     "t.json:4:60: error: this may only refer to '#/components/errors/<name>', not "
                     "'#/components/contentDescriptors/D' (at /methods/0/errors/1/$ref)"}));
}

TEST(OpenRpcDiagnostics, ObjectsThatAreNotOneShape) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("A": {"properties": {"a": {}}, "additionalProperties": {"type": "string"}},
"B": {"required": ["a", "b"], "properties": {"a": {}}},
"C": {"allOf": [{"type": "string"}, {"$ref": "#/components/schemas/C"}]},
"D": {"allOf": [{"properties": {"x": {"type": "string"}}}, {"properties": {"x": {"type": "number"}}}]})")),
        (Lines{"t.json:3:32: error: an object with both properties and an additionalProperties schema is not "
               "supported (at /components/schemas/A/additionalProperties)",
               "t.json:4:25: error: required property 'b' is not among the properties (at "
               "/components/schemas/B/required/1)",
               "t.json:5:17: error: allOf is supported for objects only, and this part is not one "
               "(at /components/schemas/C/allOf/0)",
               "t.json:5:37: error: allOf includes itself (at /components/schemas/C/allOf/1)",
               "t.json:6:76: error: property 'x' is declared again with another schema "
               "(at /components/schemas/D/allOf/1/properties/x)"}));
}

TEST(OpenRpcDiagnostics, VariantsThatCannotBeMapped) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("A": {"oneOf": [{"type": "null"}]},
"B": {"oneOf": [{"type": "string"}, {"type": "number"}], "anyOf": [{}], "properties": {}},
"C": {"type": "object", "discriminator": {"propertyName": "k"}},
"D": {"oneOf": [{"properties": {}}, {"$ref": "#/components/schemas/C"}], "discriminator": {"propertyName": "k"}},
"E": {"oneOf": [{"$ref": "#/components/schemas/C"}], "discriminator": {"propertyName": "k", "mapping": {"x": "#/nope"}}})")),
        (Lines{"t.json:3:16: error: oneOf needs an alternative other than null (at /components/schemas/A/oneOf)",
               "t.json:4:58: error: oneOf and anyOf together are not supported (at /components/schemas/B/anyOf)",
               "t.json:4:73: error: 'properties' next to oneOf is not supported (at /components/schemas/B/properties)",
               "t.json:5:25: error: a discriminator needs oneOf or anyOf (at /components/schemas/C/discriminator)",
               "t.json:6:17: error: with a discriminator, every alternative must be a $ref to a schema "
               "(at /components/schemas/D/oneOf/0)"}));
}

TEST(OpenRpcDiagnostics, DiscriminatorMappingToNoAlternative) {
    EXPECT_EQ(
        diagnostics_of(schemas_document(R"("S": {"discriminator": {"propertyName": "k", "mapping": {"x": "#/nope"}},
      "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
"A": {"properties": {"k": {}}}, "B": {"properties": {"k": {}}})")),
        (Lines{
            R"(t.json:3:63: error: 'x' maps to "#/nope", which is not an alternative (at /components/schemas/S/discriminator/mapping/x))"}));
}

TEST(OpenRpcDiagnostics, RepeatedPartsAndDiscriminatorValues) {
    EXPECT_EQ(diagnostics_of(schemas_document(R"("A": {"properties": {}},
"B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"}]},
"C": {"discriminator": {"propertyName": "k", "mapping": {"x": "#/components/schemas/A", "y": "#/components/schemas/A"}},
      "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"}]})")),
              (Lines{"t.json:4:53: error: allOf includes the same schema twice (at /components/schemas/B/allOf/1)",
                     "t.json:5:24: error: two alternatives have the discriminator value 'y' "
                     "(at /components/schemas/C/discriminator)"}));
}

TEST(OpenRpcDiagnostics, CallbacksErrorsAndCppNames) {
    EXPECT_EQ(
        diagnostics_of("{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [\n"
                       "{\"name\": \"m\", \"errors\": [{\"code\": 3000000000, \"message\": \"big\"}]}],\n"
                       "\"components\": {\"schemas\": {\"E\": {\"enum\": [\"a\"], \"x-rpcforge-cpp-values\": []}}},\n"
                       "\"x-rpcforge-callbacks\": [{\"name\": \"c\", \"result\": {\"name\": \"r\"}}]}"),
        (Lines{"t.json:3:74: error: x-rpcforge-cpp-values has 0 names for 1 values "
               "(at /components/schemas/E/x-rpcforge-cpp-values)",
               "t.json:2:35: error: error code 3000000000 is out of range (at /methods/0/errors/0/code)",
               "t.json:4:40: error: a callback is a notification from the server: it has no result "
               "(at /x-rpcforge-callbacks/0/result)"}));
}

TEST(OpenRpcDiagnostics, AsyncIsABooleanOrCoroutineAndACoroutineTakesNoContext) {
    auto result = testing::read_text(
        "{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [\n"
        "{\"name\": \"a\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-async\": \"later\"},\n"
        "{\"name\": \"b\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-async\": \"coroutine\", "
        "\"x-rpcforge-context\": true},\n"
        "{\"name\": \"c\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-async\": \"coroutine\"}]}");
    ASSERT_EQ(result.diagnostics.size(), 2u) << ::testing::PrintToString(result.diagnostics);
    EXPECT_NE(result.diagnostics[0].find("(at /methods/0/x-rpcforge-async)"), std::string::npos) << result.diagnostics[0];
    EXPECT_EQ(result.diagnostics[1],
              "t.json:3:54: error: a coroutine cannot take the call context: it is valid only until the coroutine "
              "first waits (drop x-rpcforge-context, or use \"x-rpcforge-async\": true) (at /methods/1/x-rpcforge-async)");
    ASSERT_FALSE(result.service.methods.empty());
    EXPECT_TRUE(result.service.methods.back().is_coroutine);
    EXPECT_FALSE(result.service.methods.back().is_async);
}

TEST(OpenRpcDiagnostics, IdempotentIsABooleanAndOnlyForMethods) {
    // A non-boolean breaks the schema (the method is left out); on a notification or a callback
    // the mark is refused at its key: a notification has no answer to lose, so none is sent again.
    auto result = testing::read_text(
        "{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [\n"
        "{\"name\": \"a\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-idempotent\": \"yes\"},\n"
        "{\"name\": \"b\", \"params\": [], \"x-rpcforge-idempotent\": true},\n"
        "{\"name\": \"c\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-idempotent\": true}],\n"
        "\"x-rpcforge-callbacks\": [{\"name\": \"d\", \"params\": [], \"x-rpcforge-idempotent\": true}]}");
    EXPECT_EQ(result.diagnostics,
              (Lines{"t.json:2:79: error: expected boolean, found string (at /methods/0/x-rpcforge-idempotent)",
                     "t.json:3:29: error: a notification is never sent again (it has no answer to lose): "
                     "x-rpcforge-idempotent marks methods (at /methods/1/x-rpcforge-idempotent)",
                     "t.json:5:54: error: a notification is never sent again (it has no answer to lose): "
                     "x-rpcforge-idempotent marks methods (at /x-rpcforge-callbacks/0/x-rpcforge-idempotent)"}));
    ASSERT_EQ(result.service.methods.size(), 2u) << "b and c; a is left out";
    EXPECT_TRUE(result.service.methods[1].idempotent);
}

TEST(OpenRpcDiagnostics, SubscriptionIsForMethodsWithAResultAndNotAsynchronous) {
    // A subscription is answered with its id and its result is its items' type: a notification
    // and a callback cannot be one; an asynchronous method answers through a Reply instead.
    auto result = testing::read_text(
        "{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [\n"
        "{\"name\": \"a\", \"params\": [], \"x-rpcforge-subscription\": true},\n"
        "{\"name\": \"b\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-async\": true, \"x-rpcforge-subscription\": true},\n"
        "{\"name\": \"c\", \"params\": [], \"result\": {\"name\": \"r\"}, \"x-rpcforge-subscription\": true}],\n"
        "\"x-rpcforge-callbacks\": [{\"name\": \"d\", \"params\": [], \"x-rpcforge-subscription\": true}]}");
    EXPECT_EQ(result.diagnostics,
              (Lines{"t.json:2:29: error: a subscription is answered with its id, and a notification is not answered: "
                     "x-rpcforge-subscription marks methods with a result (the type of its items) "
                     "(at /methods/0/x-rpcforge-subscription)",
                     "t.json:3:80: error: a subscription's implementation keeps an rpcforge::Subscription rather than "
                     "answering (through a Reply, or as a coroutine): x-rpcforge-subscription and "
                     "x-rpcforge-async do not go together "
                     "(at /methods/1/x-rpcforge-subscription)",
                     "t.json:5:54: error: a subscription is answered with its id, and a notification is not answered: "
                     "x-rpcforge-subscription marks methods with a result (the type of its items) "
                     "(at /x-rpcforge-callbacks/0/x-rpcforge-subscription)"}));
    ASSERT_EQ(result.service.methods.size(), 3u);
    EXPECT_FALSE(result.service.methods[0].is_subscription);
    EXPECT_FALSE(result.service.methods[1].is_subscription);
    EXPECT_TRUE(result.service.methods[2].is_subscription);
}

TEST(OpenRpcDiagnostics, ErrorExtensionsForNoErrorAndBadDataSchemas) {
    EXPECT_EQ(diagnostics_of("{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [],\n"
                             "\"components\": {\"errors\": {\"E\": {\"code\": 1, \"message\": \"e\"}},\n"
                             "\"x-rpcforge-errors\": {\"E\": {\"x-rpcforge-data\": {\"not\": {}}},\n"
                             "\"F\": {\"x-rpcforge-cpp\": \"Eff\"}}}}"),
              (Lines{"t.json:4:6: error: x-rpcforge-errors names 'F', which is not a component error "
                     "(at /components/x-rpcforge-errors/F)",
                     "t.json:3:49: error: unsupported schema keyword 'not' "
                     "(at /components/x-rpcforge-errors/E/x-rpcforge-data/not)"}));
}

TEST(OpenRpcDiagnostics, APartThatBreaksTheSchemaIsLeftOutAndWhatUsesItSaysNothingMore) {
    // The invalid schema, error and content descriptor are reported once, where they are; the
    // method using them is still mapped (its own problem reported), and says nothing of them.
    auto result = testing::read_text(
        "{\"openrpc\": \"1.3.2\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"methods\": [\n"
        "{\"name\": \"m\", \"params\": [{\"$ref\": \"#/components/contentDescriptors/D\"},\n"
        " {\"name\": \"p\", \"schema\": {\"$ref\": \"#/components/schemas/S\"}},\n"
        " {\"name\": \"q\", \"schema\": {\"type\": \"integer\", \"format\": \"int7\"}}],\n"
        " \"errors\": [{\"$ref\": \"#/components/errors/E\"}]}],\n"
        "\"components\": {\"schemas\": {\"S\": {\"type\": 7}}, \"errors\": {\"E\": {\"code\": \"one\", \"message\": \"e\"}},\n"
        "\"contentDescriptors\": {\"D\": {\"schema\": {}}}}}");
    EXPECT_EQ(result.diagnostics,
              (Lines{"t.json:6:42: error: 7 is not one of \"array\", \"boolean\", \"integer\", \"null\", \"number\", "
                     "\"object\", \"string\" (at /components/schemas/S/type)",
                     "t.json:6:72: error: expected integer, found string (at /components/errors/E/code)",
                     "t.json:7:29: error: missing required property 'name' (at /components/contentDescriptors/D)",
                     "t.json:4:56: error: unsupported integer format 'int7' (at /methods/0/params/2/schema/format)"}));
    ASSERT_EQ(result.service.methods.size(), 1u);
    EXPECT_EQ(result.service.methods[0].params.size(), 2u) << "p (as JSON) and q; D is left out";
    EXPECT_TRUE(result.service.methods[0].errors.empty());
}

TEST(OpenRpcDiagnostics, AComponentThatBreaksTheSchemaIsNotFollowed) {
    // By allOf, by the search for a discriminator among oneOf's alternatives, by a default
    // through a $ref: its content may have any shape.
    EXPECT_EQ(diagnostics_of(R"({"openrpc": "1.3.2", "info": {"title": "T", "version": "1"}, "methods": [
 {"name": "m", "params": [{"name": "p", "schema": {"$ref": "#/components/schemas/Both"}},
   {"name": "v", "schema": {"oneOf": [{"$ref": "#/components/schemas/S"}, {"$ref": "#/components/schemas/A"}]}},
   {"name": "d", "schema": {"$ref": "#/components/schemas/S"}}]}],
 "components": {"schemas": {
   "S": {"type": "object", "properties": {"kind": {"const": "s"}}, "default": {"kind": "s"}, "required": 5},
   "A": {"type": "object", "properties": {"kind": {"const": "a"}}},
   "Both": {"allOf": [{"$ref": "#/components/schemas/S"}, {"$ref": "#/components/schemas/A"}]}}}})"),
              (Lines{"t.json:6:106: error: expected array, found integer (at /components/schemas/S/required)"}));
}

TEST(OpenRpcDiagnostics, AProblemOutsideEveryPartStopsBeforeTheMapping) {
    EXPECT_EQ(diagnostics_of(R"({"openrpc": "1.3.2", "info": {"title": 1, "version": "1"}, "methods": [
{"name": "m", "params": [{"name": "q", "schema": {"type": "integer", "format": "int7"}}]}]})"),
              (Lines{"t.json:1:40: error: expected string, found integer (at /info/title)"}));
}

TEST(OpenRpcDiagnostics, AllProblemsOfARunAreReported) {
    auto lines = diagnostics_of(with_param(R"({"type": "object", "properties": {
        "a": {"type": "integer", "format": "int8"}, "b": {"not": {}}, "c": {"$ref": "#/components/schemas/X"}}})"));
    EXPECT_EQ(lines.size(), 3u);
}

}  // namespace
}  // namespace rpcforge::frontend
