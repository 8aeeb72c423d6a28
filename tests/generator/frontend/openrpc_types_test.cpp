// The type mapping of docs/generator.md, one row at a time, and how declared types are named.

#include "model_builders.hpp"
#include "read_support.hpp"

namespace rpcforge::frontend {
namespace {

using namespace model::testing;
using model::Type;
using testing::document;
using testing::read_clean;
using testing::with_param;

/// The type of the parameter `p` of `with_param(schema, schemas)`, and the declared types.
struct Mapped {
    Type type;
    std::vector<model::TypeDecl> types;
};

Mapped map(const std::string& schema, const std::string& schemas = "{}") {
    auto service = read_clean(with_param(schema, schemas));
    if (service.methods.empty() || service.methods[0].params.empty()) return {};
    return {service.methods[0].params[0].type, service.types};
}

Type type_of(const std::string& schema) { return map(schema).type; }

TEST(OpenRpcTypes, Scalars) {
    EXPECT_EQ(type_of(R"({"type": "boolean"})"), of(Kind::boolean));
    EXPECT_EQ(type_of(R"({"type": "integer"})"), of(Kind::int64));
    EXPECT_EQ(type_of(R"({"type": "integer", "format": "int32"})"), of(Kind::int32));
    EXPECT_EQ(type_of(R"({"type": "integer", "format": "int64"})"), of(Kind::int64));
    EXPECT_EQ(type_of(R"({"type": "integer", "format": "uint32"})"), of(Kind::uint32));
    EXPECT_EQ(type_of(R"({"type": "integer", "format": "uint64", "minimum": 0})"), of(Kind::uint64));
    EXPECT_EQ(type_of(R"({"type": "number"})"), of(Kind::number));
    EXPECT_EQ(type_of(R"({"type": "number", "format": "float"})"), of(Kind::number));
    EXPECT_EQ(type_of(R"({"type": "string"})"), of(Kind::string));
    EXPECT_EQ(type_of(R"({"type": "string", "format": "date-time", "maxLength": 30})"), of(Kind::string));
    EXPECT_EQ(type_of(R"({"const": "fixed"})"), of(Kind::string));
    EXPECT_EQ(type_of(R"({"const": 3})"), of(Kind::int64));
}

TEST(OpenRpcTypes, AnyValue) {
    EXPECT_EQ(type_of("{}"), of(Kind::json));
    EXPECT_EQ(type_of("true"), of(Kind::json));
    EXPECT_EQ(type_of(R"({"description": "anything"})"), of(Kind::json));
}

TEST(OpenRpcTypes, ArraysAndMaps) {
    EXPECT_EQ(type_of(R"({"type": "array", "items": {"type": "string"}})"), Type::array_of(of(Kind::string)));
    EXPECT_EQ(type_of(R"({"type": "array"})"), Type::array_of(of(Kind::json)));
    EXPECT_EQ(type_of(R"({"items": {"type": "array", "items": {"type": "boolean"}}})"),
              Type::array_of(Type::array_of(of(Kind::boolean))));
    EXPECT_EQ(type_of(R"({"type": "object", "additionalProperties": {"type": "integer"}})"),
              Type::map_of(of(Kind::int64)));
    EXPECT_EQ(type_of(R"({"type": "object"})"), Type::map_of(of(Kind::json)));
    EXPECT_EQ(type_of(R"({"type": "object", "additionalProperties": true})"), Type::map_of(of(Kind::json)));
}

TEST(OpenRpcTypes, NullableTypesAreOptional) {
    EXPECT_EQ(type_of(R"({"type": ["string", "null"]})"), Type::optional_of(of(Kind::string)));
    EXPECT_EQ(type_of(R"({"type": ["null", "integer"], "format": "int32"})"), Type::optional_of(of(Kind::int32)));
    EXPECT_EQ(type_of(R"({"oneOf": [{"type": "boolean"}, {"type": "null"}]})"), Type::optional_of(of(Kind::boolean)));
    EXPECT_EQ(map(R"({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/X"}]})",
                  R"({"X": {"type": "object", "properties": {}}})")
                  .type,
              Type::optional_of(named("X")));
    auto nullable_struct = map(R"({"type": ["object", "null"], "properties": {"a": {"type": "string"}}})");
    EXPECT_EQ(nullable_struct.type, Type::optional_of(named("MP")));
    EXPECT_EQ(nullable_struct.types,
              (std::vector<model::TypeDecl>{structure(name("MP"), {field(name("a"), of(Kind::string), false)})}));
}

TEST(OpenRpcTypes, StructsKeepFieldOrderRequirednessNullabilityAndDefaults) {
    auto mapped = map(R"({"$ref": "#/components/schemas/User"})", R"({"User": {
        "type": "object", "description": "A user.", "required": ["name", "nick"],
        "properties": {
            "name": {"type": "string", "description": "Full name."},
            "age": {"type": "integer", "format": "int32", "default": 18},
            "nick": {"type": ["string", "null"]},
            "email": {"type": ["string", "null"]},
            "class": {"type": "string"},
            "zip-code": {"type": "string"}}}})");
    EXPECT_EQ(mapped.type, named("User"));
    auto user = structure(name("User"),
                          {field(name("name"), of(Kind::string)), field(name("age"), of(Kind::int32), false, "18"),
                           field(name("nick"), Type::optional_of(of(Kind::string))),
                           field(name("email"), Type::optional_of(of(Kind::string)), false),
                           field(name("class", "class_"), of(Kind::string), false),
                           field(name("zip-code", "zip_code"), of(Kind::string), false)});
    user.description = "A user.";
    user.fields[0].description = "Full name.";
    EXPECT_EQ(mapped.types, std::vector<model::TypeDecl>{user});
}

TEST(OpenRpcTypes, StringEnumsAreNamedAfterTheirComponentOrPlace) {
    auto component = map(R"({"$ref": "#/components/schemas/color"})",
                         R"({"color": {"type": "string", "enum": ["red", "dark-green", "class", "2x"]}})");
    EXPECT_EQ(component.type, named("Color"));
    EXPECT_EQ(component.types, (std::vector<model::TypeDecl>{
                                   enumeration(name("color", "Color"), {name("red"), name("dark-green", "dark_green"),
                                                                        name("class", "class_"), name("2x", "_2x")})}));
    auto inline_enum = map(R"({"enum": ["a", "b", null]})");
    EXPECT_EQ(inline_enum.type, Type::optional_of(named("MP")));
    EXPECT_EQ(inline_enum.types, (std::vector<model::TypeDecl>{enumeration(name("MP"), {name("a"), name("b")})}));
}

TEST(OpenRpcTypes, NestedAnonymousTypesAreNamedAfterTheirPlace) {
    auto service = read_clean(document(R"([{"name": "get_user", "params": [
            {"name": "filter", "schema": {"type": "object", "properties": {
                "status": {"enum": ["on", "off"]},
                "tags": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}},
                "extra": {"additionalProperties": {"properties": {"v": {"type": "number"}}}}}}}],
        "result": {"name": "r", "schema": {"$ref": "#/components/schemas/User"}}}])",
                                       R"({"schemas": {"User": {"properties": {
                                           "address": {"properties": {"city": {"type": "string"}}}}}}})"));
    EXPECT_EQ(service.methods[0].params[0].type, named("GetUserFilter"));
    EXPECT_EQ(service.types,
              (std::vector<model::TypeDecl>{
                  structure(name("User"), {field(name("address"), named("UserAddress"), false)}),
                  structure(name("UserAddress"), {field(name("city"), of(Kind::string), false)}),
                  structure(name("GetUserFilter"),
                            {field(name("status"), named("GetUserFilterStatus"), false),
                             field(name("tags"), Type::array_of(named("GetUserFilterTagsItem")), false),
                             field(name("extra"), Type::map_of(named("GetUserFilterExtraValue")), false)}),
                  enumeration(name("GetUserFilterStatus"), {name("on"), name("off")}),
                  structure(name("GetUserFilterTagsItem"), {field(name("k"), of(Kind::string), false)}),
                  structure(name("GetUserFilterExtraValue"), {field(name("v"), of(Kind::number), false)}),
              }));
}

TEST(OpenRpcTypes, MadeUpNamesNeverTakeAnAuthorsName) {
    auto service = read_clean(document(R"([
        {"name": "m", "params": [{"name": "p", "schema": {"properties": {}}}],
         "result": {"name": "r", "schema": {"properties": {}}}},
        {"name": "m.p", "params": [], "result": {"name": "r", "schema": {"properties": {}}}}])",
                                       R"({"schemas": {"MP": {"enum": ["x"]}}})"));
    std::vector<std::string> names;
    for (const auto& declaration : service.types) {
        names.push_back(std::visit([](const auto& d) { return d.name.cpp; }, declaration));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"MP", "MP2", "MResult", "MPResult"}));
}

TEST(OpenRpcTypes, SharedContentDescriptorsDeclareTheirTypesOnce) {
    auto service = read_clean(document(R"([
        {"name": "a", "params": [{"$ref": "#/components/contentDescriptors/Filter"}]},
        {"name": "b", "params": [{"$ref": "#/components/contentDescriptors/Filter"}]}])",
                                       R"({"contentDescriptors": {"Filter": {"name": "filter",
                                           "schema": {"properties": {"q": {"type": "string"}}}}}})"));
    EXPECT_EQ(service.methods[0].params[0].type, named("AFilter"));
    EXPECT_EQ(service.methods[1].params[0].type, named("AFilter"));
    EXPECT_EQ(service.types.size(), 1u);
}

TEST(OpenRpcTypes, RecursiveStructsThroughArraysAndOptionals) {
    auto mapped = map(R"({"$ref": "#/components/schemas/Node"})", R"({
        "Node": {"type": "object", "required": ["children"], "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"oneOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            "next": {"$ref": "#/components/schemas/Node"},
            "by_name": {"additionalProperties": {"$ref": "#/components/schemas/Node"}}}},
        "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"properties": {"a": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}}})");
    EXPECT_EQ(mapped.type, named("Node"));
    EXPECT_EQ(mapped.types, (std::vector<model::TypeDecl>{
                                structure(name("Node"), {field(name("children"), Type::array_of(named("Node"))),
                                                         field(name("parent"), Type::optional_of(named("Node")), false),
                                                         field(name("next"), named("Node"), false),
                                                         field(name("by_name"), Type::map_of(named("Node")), false)}),
                                structure(name("A"), {field(name("b"), named("B"), false)}),
                                structure(name("B"), {field(name("a"), Type::array_of(named("A")), false)}),
                            }));
}

TEST(OpenRpcTypes, ComponentsAreDeclaredInTheOrderWrittenEvenWhenUsedEarlier) {
    auto service = read_clean(document("[]", R"({"schemas": {
        "First": {"properties": {"third": {"$ref": "#/components/schemas/Third"}}},
        "Second": {"enum": ["x"]},
        "Third": {"properties": {}},
        "Alias": {"type": "array", "items": {"$ref": "#/components/schemas/Third"}}}})"));
    std::vector<std::string> names;
    for (const auto& declaration : service.types) {
        names.push_back(std::visit([](const auto& d) { return d.name.cpp; }, declaration));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"First", "Second", "Third"}));
}

TEST(OpenRpcTypes, VariantWithoutDiscriminator) {
    auto mapped = map(R"({"oneOf": [{"type": "number"}, {"type": "string"},
                                     {"type": "object", "properties": {"n": {"type": "number"}}}]})");
    EXPECT_EQ(mapped.type, named("MP"));
    EXPECT_EQ(mapped.types, (std::vector<model::TypeDecl>{
                                variant(name("MP"), {of(Kind::number), of(Kind::string), named("MPOption3")}),
                                structure(name("MPOption3"), {field(name("n"), of(Kind::number), false)})}));
}

TEST(OpenRpcTypes, VariantWithDiscriminatorFromConstantProperties) {
    auto mapped = map(R"({"$ref": "#/components/schemas/Shape"})", R"({
        "Shape": {"anyOf": [
            {"$ref": "#/components/schemas/Circle"},
            {"type": "object", "required": ["kind"],
             "properties": {"size": {"type": "number"}, "kind": {"enum": ["square"]}}}]},
        "Circle": {"type": "object", "required": ["kind"],
                   "properties": {"kind": {"const": "circle"}, "size": {"type": "number"}}}})");
    EXPECT_EQ(mapped.types,
              (std::vector<model::TypeDecl>{
                  variant(name("Shape"), {named("Circle"), named("ShapeSquare")}, "kind", {"circle", "square"}),
                  structure(name("Circle"),
                            {field(name("kind"), of(Kind::string)), field(name("size"), of(Kind::number), false)}),
                  structure(name("ShapeSquare"), {field(name("size"), of(Kind::number), false),
                                                  field(name("kind"), named("ShapeSquareKind"))}),
                  enumeration(name("ShapeSquareKind"), {name("square")})}));
}

TEST(OpenRpcTypes, NoDiscriminatorWhenAValueRepeatsOrAnAlternativeLacksIt) {
    auto repeated = map(R"({"oneOf": [{"properties": {"k": {"const": "a"}, "x": {"type": "number"}}},
                                      {"properties": {"k": {"const": "a"}, "y": {"type": "number"}}}]})");
    EXPECT_EQ(std::get<model::Variant>(repeated.types[0]).discriminator, std::nullopt);
    auto missing = map(R"({"oneOf": [{"properties": {"k": {"const": "a"}}}, {"type": "string"}]})");
    EXPECT_EQ(std::get<model::Variant>(missing.types[0]).discriminator, std::nullopt);
}

TEST(OpenRpcTypes, VariantWithOpenApiDiscriminator) {
    auto mapped = map(R"({"$ref": "#/components/schemas/Shape"})", R"({
        "Shape": {"discriminator": {"propertyName": "type", "mapping": {"round": "#/components/schemas/Circle"}},
                  "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]},
        "Circle": {"properties": {"type": {"type": "string"}}},
        "Square": {"properties": {"type": {"type": "string"}}}})");
    EXPECT_EQ(mapped.types[0],
              model::TypeDecl(variant(name("Shape"), {named("Circle"), named("Square")}, "type", {"round", "Square"})));
}

TEST(OpenRpcTypes, AllOfMergesObjects) {
    auto mapped = map(R"({"$ref": "#/components/schemas/Employee"})", R"({
        "Person": {"required": ["name"], "properties": {"name": {"type": "string"}}},
        "Employee": {"allOf": [{"$ref": "#/components/schemas/Person"},
                               {"type": "object", "properties": {"salary": {"type": "number"}, "name": {"type": "string"}}}],
                     "required": ["salary"], "properties": {"team": {"type": "string"}}}})");
    EXPECT_EQ(
        mapped.types,
        (std::vector<model::TypeDecl>{
            structure(name("Person"), {field(name("name"), of(Kind::string))}),
            structure(name("Employee"), {field(name("name"), of(Kind::string)), field(name("salary"), of(Kind::number)),
                                         field(name("team"), of(Kind::string), false)})}));
}

TEST(OpenRpcTypes, PrimitiveComponentsAreUsedInPlace) {
    auto mapped = map(R"({"$ref": "#/components/schemas/Ids"})", R"({
        "Id": {"type": "string", "format": "uuid"},
        "Ids": {"type": "array", "items": {"$ref": "#/components/schemas/Id"}}})");
    EXPECT_EQ(mapped.type, Type::array_of(of(Kind::string)));
    EXPECT_EQ(mapped.types, std::vector<model::TypeDecl>{});
}

TEST(OpenRpcTypes, RefSiblingsThatAnnotateAreAllowed) {
    auto service =
        read_clean(with_param(R"({"$ref": "#/components/schemas/Id", "description": "The id.", "default": "x"})",
                              R"({"Id": {"type": "string"}})"));
    EXPECT_EQ(service.methods[0].params[0], param(name("p"), of(Kind::string), true, R"("x")"));
}

TEST(OpenRpcTypes, DefaultsFollowReferences) {
    auto service = read_clean(
        with_param(R"({"$ref": "#/components/schemas/Level"})", R"({"Level": {"type": "integer", "default": 3}})"));
    EXPECT_EQ(service.methods[0].params[0].default_json, "3");
}

TEST(OpenRpcTypes, CppNamesGivenByRpcforgesExtensions) {
    auto service = read_clean(document(R"([{"name": "stats.get", "x-rpcforge-cpp": "get_stats", "params": [
        {"name": "in", "x-rpcforge-cpp": "input", "schema": {"$ref": "#/components/schemas/mode"}}]}])",
                                       R"({"schemas": {"mode": {"type": "string", "enum": ["a-b", "c"],
                                           "x-rpcforge-cpp": "Mode", "x-rpcforge-cpp-values": ["ab", "c_"]},
                                           "pt": {"type": "object", "properties": {"x-y": {"type": "number",
                                                  "x-rpcforge-cpp": "xy"}}}}})"));
    EXPECT_EQ(service.methods[0].name, name("stats.get", "get_stats"));
    EXPECT_EQ(service.methods[0].params[0].name, name("in", "input"));
    EXPECT_EQ(service.methods[0].params[0].type, named("Mode"));
    EXPECT_EQ(service.types, (std::vector<model::TypeDecl>{
                                 enumeration(name("mode", "Mode"), {name("a-b", "ab"), name("c", "c_")}),
                                 structure(name("pt", "Pt"), {field(name("x-y", "xy"), of(Kind::number), false)})}));
}

}  // namespace
}  // namespace rpcforge::frontend
