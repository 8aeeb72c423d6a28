#include "calculator_model.hpp"

namespace rpcforge::emit::testing {

namespace {

using model::Type;
using Kind = model::Type::Kind;

model::Name name(std::string both) {
    return {both, both};
}

model::Field field(std::string wire, Type type, bool required = true, std::optional<std::string> default_json = {}) {
    model::Field out;
    out.name = name(std::move(wire));
    out.type = std::move(type);
    out.required = required;
    out.default_json = std::move(default_json);
    return out;
}

model::Param param(std::string wire, Type type, bool required = true, std::optional<std::string> default_json = {}) {
    model::Param out;
    out.name = name(std::move(wire));
    out.type = std::move(type);
    out.required = required;
    out.default_json = std::move(default_json);
    return out;
}

model::Method method(std::string wire, std::vector<model::Param> params, std::optional<Type> result) {
    model::Method out;
    out.name = name(std::move(wire));
    out.params = std::move(params);
    out.result = std::move(result);
    return out;
}

model::Struct structure(std::string wire, std::vector<model::Field> fields, std::string description = {}) {
    return model::Struct{name(std::move(wire)), std::move(fields), std::move(description), {}, {}};
}

Type named(std::string name) {
    return Type::named_type(std::move(name));
}

std::vector<model::TypeDecl> types() {
    const Type number = Type::of(Kind::number);
    model::Enum rounding{name("Rounding"), {name("nearest"), name("down"), {"to-zero", "to_zero"}},
                         "How a quotient is rounded.", {}, {}};
    model::Enum op{name("Op"), {name("add"), name("mul")}, {}, {}, {}};
    model::Variant shape{name("Shape"), {named("Circle"), named("Square")}, "kind", {"circle", "square"},
                         "A shape, told apart by its `kind`.", {}, {}};
    model::Variant value{name("Value"), {number, Type::of(Kind::string)}, {}, {}, "A number or a text.", {}, {}};
    model::Variant expr{name("Expr"), {named("Literal"), named("BinOp")}, "type", {"literal", "binop"}, {}, {}, {}};
    return {
        structure("BinOp", {field("op", named("Op")), field("left", named("Expr")), field("right", named("Expr"))}),
        expr,
        structure("Literal", {field("value", number)}),
        shape,
        structure("Circle", {field("center", named("Point")), field("radius", number)}),
        structure("Square", {field("corner", named("Point")), field("side", number)}),
        structure("Point", {field("x", number), field("y", number), field("label", Type::of(Kind::string), false)},
                  "A point in the plane."),
        rounding,
        op,
        value,
        structure("Tree", {field("label", Type::of(Kind::string)), field("children", Type::array_of(named("Tree"))),
                           field("next", named("Tree"), false)}),
        structure("Settings", {field("precision", Type::of(Kind::int32), false, "2"),
                               field("rounding", named("Rounding"), false, "\"nearest\""),
                               field("tags", Type::array_of(Type::of(Kind::string)), false, "[]"),
                               field("note", Type::optional_of(Type::of(Kind::string))),
                               field("comment", Type::optional_of(Type::of(Kind::string)), false),
                               field("limits", Type::map_of(Type::of(Kind::uint64)), false),
                               field("scores", Type::array_of(Type::optional_of(Type::of(Kind::int32))), false)}),
        structure("OverflowInfo", {field("limit", Type::of(Kind::int64))}),
    };
}

std::vector<model::ErrorDecl> errors() {
    model::ErrorDecl division{name("DivisionByZero"), 1001, "Division by zero", {}, {}};
    model::ErrorDecl overflow{name("Overflow"), 1002, "Integer overflow", named("OverflowInfo"), {}};
    return {division, overflow};
}

std::vector<model::Method> methods() {
    const Type number = Type::of(Kind::number);
    const Type int32 = Type::of(Kind::int32);
    auto add = method("add", {param("a", number), param("b", number)}, number);
    add.summary = "Adds two numbers.";
    add.aliases = {"plus"};
    add.idempotent = true;
    auto divide = method("divide", {param("dividend", number), param("divisor", number),
                                    param("rounding", named("Rounding"), false, "\"nearest\"")},
                         number);
    divide.param_structure = model::ParamStructure::by_name;
    divide.errors = {"DivisionByZero"};
    auto subtract = method("subtract", {param("minuend", Type::of(Kind::int64)),
                                        param("subtrahend", Type::of(Kind::int64), false)},
                           Type::of(Kind::int64));
    subtract.param_structure = model::ParamStructure::by_position;
    auto checked_add = method("checked_add", {param("a", int32), param("b", int32)}, int32);
    checked_add.errors = {"Overflow"};
    auto log = method("log", {param("message", Type::of(Kind::string)), param("level", int32, false)}, std::nullopt);
    log.description = "Writes a line to the server's log.";
    auto stats = method("stats.get", {}, named("Settings"));
    stats.name.cpp = "get_stats";
    return {
        add,
        divide,
        subtract,
        checked_add,
        method("area", {param("shape", named("Shape"))}, number),
        method("evaluate", {param("expr", named("Expr"))}, number),
        method("tree_size", {param("tree", named("Tree"))}, int32),
        method("describe", {param("value", named("Value")), param("note", Type::optional_of(Type::of(Kind::string)), false)},
               Type::of(Kind::string)),
        method("sum_values", {param("values", Type::map_of(number))}, number),
        method("configure", {param("settings", named("Settings"))}, named("Settings")),
        method("history", {}, Type::array_of(number)),
        log,
        stats,
    };
}

}  // namespace

model::Service calculator_model() {
    model::Service service;
    service.name = name("Calculator");
    service.title = "Calculator";
    service.version = "1.0.0";
    service.description = "Arithmetic over JSON-RPC, and a few shapes.";
    service.types = types();
    service.errors = errors();
    service.methods = methods();
    auto progress = method("progress", {param("percent", Type::of(Kind::int32))}, std::nullopt);
    progress.summary = "How far a long computation has come.";
    service.callbacks = {progress};
    return service;
}

model::Service empty_model() {
    model::Service service;
    service.name = name("Empty");
    return service;
}

model::Service events_model() {
    model::Service service;
    service.name = name("Events");
    service.methods = {method("ping", {}, std::nullopt),
                       method("publish", {param("topic", Type::of(Kind::string)), param("payload", Type::of(Kind::json))},
                              std::nullopt)};
    service.callbacks = {method("tick", {}, std::nullopt)};
    return service;
}

}  // namespace rpcforge::emit::testing
