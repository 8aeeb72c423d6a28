// Types: references, enums, variants, structs that contain themselves.

#include "check_support.hpp"

namespace rpcforge::check::testing {
namespace {

using model::Type;

TEST(CheckTypes, ReferencesToUndeclaredTypes) {
    auto s = service();
    auto shape = placed(structure(name("Shape"), {placed(field(name("corner"), named("Point")), 3)}), 2);
    auto m = placed(method(name("m"), {placed(param(name("p"), Type::array_of(named("Missing"))), 5)},
                           Type::optional_of(named("Gone"))),
                    4);
    s.types = {shape, placed(variant(name("V"), {named("Shape"), named("Nope")}), 6)};
    s.methods = {m};
    s.errors = {placed(error(name("E"), 1, "e", named("Data")), 7)};
    EXPECT_EQ(
        check_of(s),
        (Lines{"m.json:3:1: error: field 'corner' of struct 'Shape' refers to 'Point', which is not a declared type",
               "m.json:6:1: error: alternative 2 of variant 'V' refers to 'Nope', which is not a declared type",
               "m.json:5:1: error: parameter 'p' of method 'm' refers to 'Missing', which is not a declared type",
               "m.json:4:1: error: the result of method 'm' refers to 'Gone', which is not a declared type",
               "m.json:7:1: error: the data of error 'E' refers to 'Data', which is not a declared type"}));
}

TEST(CheckTypes, NamedTypesMayUseTheWireName) {
    auto s = service();
    s.types = {placed(structure(name("point", "Point"), {}), 2)};
    s.methods = {placed(method(name("m"), {}, named("point")), 3), placed(method(name("n"), {}, named("Point")), 4)};
    EXPECT_EQ(check_of(s), Lines{});
}

TEST(CheckTypes, MalformedTypes) {
    auto s = service();
    s.methods = {placed(method(name("m"), {placed(param(name("p"), Type{Type::Kind::array, {}, {}, {}}), 3)},
                               Type{Type::Kind::named, {}, {}, {}}),
                        2)};
    EXPECT_EQ(check_of(s), (Lines{"m.json:3:1: error: parameter 'p' of method 'm' has a malformed type",
                                  "m.json:2:1: error: the result of method 'm' has a malformed type"}));
}

TEST(CheckTypes, EnumsWithoutValues) {
    auto s = service();
    s.types = {placed(enumeration(name("Empty"), {}), 2)};
    EXPECT_EQ(check_of(s), Lines{"m.json:2:1: error: enum 'Empty' has no values"});
}

TEST(CheckTypes, VariantsNeedDistinctAlternatives) {
    auto s = service();
    s.types = {placed(variant(name("One"), {of(Kind::string)}), 2),
               placed(variant(name("Same"), {of(Kind::number), of(Kind::string), of(Kind::number)}), 3)};
    EXPECT_EQ(check_of(s), (Lines{"m.json:2:1: error: variant 'One' needs at least two alternatives",
                                  "m.json:3:1: error: alternatives 1 and 3 of variant 'Same' are both number"}));
}

TEST(CheckTypes, DiscriminatedVariants) {
    auto s = service();
    auto circle = placed(structure(name("Circle"), {field(name("kind"), of(Kind::string))}), 2);
    auto square = placed(structure(name("Square"), {field(name("side"), of(Kind::number))}), 3);
    auto odd = placed(structure(name("Odd"), {placed(field(name("kind"), of(Kind::number)), 8)}), 7);
    s.types = {
        circle,
        square,
        odd,
        placed(variant(name("Good"), {named("Circle"), named("Square")}, "kind", {"c", "s"}), 4),
        placed(variant(name("Bad"), {named("Circle"), named("Odd"), of(Kind::string)}, "kind", {"c", "o", "c"}), 5),
        placed(variant(name("Short"), {named("Circle"), named("Square")}, "kind", {"c"}), 6)};
    EXPECT_EQ(
        check_of(s),
        (Lines{
            "m.json:8:1: error: field 'kind' of struct 'Odd' is the discriminator of variant 'Bad' but is not a string",
            "m.json:5:1: error: alternative 3 of variant 'Bad' is not a struct, so it cannot carry the "
            "discriminator property 'kind'",
            "m.json:5:1: error: alternatives 1 and 3 of variant 'Bad' have the same discriminator value 'c'",
            "m.json:6:1: error: variant 'Short' has 1 discriminator values for 2 alternatives"}));
}

TEST(CheckTypes, StructsThatContainThemselvesByValue) {
    auto s = service();
    auto a = placed(structure(name("A"), {placed(field(name("b"), named("B")), 3)}), 2);
    auto b = placed(structure(name("B"), {placed(field(name("a"), named("A")), 5)}), 4);
    auto self = placed(structure(name("Self"), {placed(field(name("me"), named("Self")), 7)}), 6);
    auto fine = placed(structure(name("Fine"), {field(name("next"), named("Fine"), false),
                                                field(name("children"), Type::array_of(named("Fine"))),
                                                field(name("parent"), Type::optional_of(named("Fine")))}),
                       8);
    s.types = {a, b, self, fine};
    EXPECT_EQ(
        check_of(s),
        (Lines{"m.json:3:1: error: struct 'A' contains itself by value (A.b -> B.a -> A), so no value of it could "
               "end; make a field on the way optional",
               "m.json:7:1: error: struct 'Self' contains itself by value (Self.me -> Self), so no value of it "
               "could end; make a field on the way optional"}));
}

}  // namespace
}  // namespace rpcforge::check::testing
