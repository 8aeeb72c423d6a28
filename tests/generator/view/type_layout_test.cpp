#include "view/type_layout.hpp"

#include <gtest/gtest.h>

namespace rpcforge::view {
namespace {

using model::Type;
using Kind = model::Type::Kind;

model::Field field(std::string name, Type type, bool required = true) {
    model::Field out;
    out.name = {name, name};
    out.type = std::move(type);
    out.required = required;
    return out;
}

model::Struct structure(std::string name, std::vector<model::Field> fields) {
    return model::Struct{{name, name}, std::move(fields), {}, {}, {}};
}

model::Variant variant(std::string name, std::vector<Type> alternatives) {
    return model::Variant{{name, name}, std::move(alternatives), {}, {}, {}, {}, {}};
}

TypeLayout layout(const model::Service& service) {
    return layout_types(service, TypeTable(service));
}

TEST(TypeLayout, ATypeComesAfterWhatItHoldsByValue) {
    model::Service service;
    service.types = {structure("Circle", {field("center", Type::named_type("Point"))}),
                     structure("Point", {field("x", Type::of(Kind::number))})};
    const auto result = layout(service);
    EXPECT_EQ(result.definition_order, (std::vector<std::string>{"Point", "Circle"}));
    EXPECT_TRUE(result.boxed.empty());
    EXPECT_TRUE(result.forward_declarations.empty());
}

TEST(TypeLayout, DeclarationOrderIsKeptWhereNothingForcesAnother) {
    model::Service service;
    service.types = {structure("B", {}), structure("A", {}), structure("C", {})};
    EXPECT_EQ(layout(service).definition_order, (std::vector<std::string>{"B", "A", "C"}));
}

TEST(TypeLayout, VectorsAndMapsTakeIncompleteTypesButNeedAForwardDeclaration) {
    model::Service service;
    service.types = {structure("Forest", {field("trees", Type::array_of(Type::named_type("Tree"))),
                                          field("named", Type::map_of(Type::named_type("Tree")))}),
                     structure("Tree", {field("children", Type::array_of(Type::named_type("Tree")))})};
    const auto result = layout(service);
    EXPECT_EQ(result.definition_order, (std::vector<std::string>{"Forest", "Tree"}));
    EXPECT_TRUE(result.boxed.empty());
    EXPECT_EQ(result.forward_declarations, (std::vector<std::string>{"Tree"}));
}

TEST(TypeLayout, AnOptionalSelfReferenceIsBoxed) {
    model::Service service;
    service.types = {structure("Tree", {field("label", Type::of(Kind::string)),
                                        field("next", Type::named_type("Tree"), false),
                                        field("parent", Type::optional_of(Type::named_type("Tree")))})};
    const auto result = layout(service);
    EXPECT_FALSE(result.is_boxed("Tree", 0));
    EXPECT_TRUE(result.is_boxed("Tree", 1));
    EXPECT_TRUE(result.is_boxed("Tree", 2));
}

TEST(TypeLayout, OptionalReferencesInACycleAreBoxedWhateverTheDeclarationOrder) {
    model::Service service;
    service.types = {structure("A", {field("b", Type::named_type("B"))}),
                     structure("B", {field("a", Type::optional_of(Type::named_type("A")))})};
    auto result = layout(service);
    EXPECT_FALSE(result.is_boxed("A", 0));
    EXPECT_TRUE(result.is_boxed("B", 0));
    EXPECT_EQ(result.definition_order, (std::vector<std::string>{"B", "A"}));
    EXPECT_EQ(result.forward_declarations, (std::vector<std::string>{"A"}));

    std::swap(service.types[0], service.types[1]);
    result = layout(service);
    EXPECT_FALSE(result.is_boxed("A", 0));
    EXPECT_TRUE(result.is_boxed("B", 0));
}

TEST(TypeLayout, AVariantCycleBoxesTheAlternativeAndKeepsStructFieldsPlain) {
    model::Service service;
    service.types = {structure("BinOp", {field("left", Type::named_type("Expr")), field("right", Type::named_type("Expr"))}),
                     variant("Expr", {Type::named_type("Literal"), Type::named_type("BinOp")}),
                     structure("Literal", {field("value", Type::of(Kind::number))})};
    const auto result = layout(service);
    EXPECT_EQ(result.boxed, (std::set<std::pair<std::string, std::size_t>>{{"Expr", 1}}));
    EXPECT_EQ(result.definition_order, (std::vector<std::string>{"Literal", "Expr", "BinOp"}));
    EXPECT_EQ(result.forward_declarations, (std::vector<std::string>{"BinOp"}));
}

TEST(TypeLayout, StructsThatRequireEachOtherStillCompile) {
    // No finite value exists (the checks reject it); the layout still gives compilable code.
    model::Service service;
    service.types = {structure("A", {field("b", Type::named_type("B"))}), structure("B", {field("a", Type::named_type("A"))})};
    const auto result = layout(service);
    EXPECT_TRUE(result.is_boxed("A", 0));
    EXPECT_TRUE(result.is_boxed("B", 0));
}

TEST(TypeLayout, EnumsAreNotPartOfIt) {
    model::Service service;
    service.types = {structure("S", {field("e", Type::named_type("E"))}), model::Enum{{"E", "E"}, {{"a", "a"}}, {}, {}, {}}};
    const auto result = layout(service);
    EXPECT_EQ(result.definition_order, (std::vector<std::string>{"S"}));
    EXPECT_TRUE(result.forward_declarations.empty());
}

}  // namespace
}  // namespace rpcforge::view
