#include "remote/param_check.hpp"

#include "view/cpp_spelling.hpp"
#include "view/view_parts.hpp"
#include "model/type_kinds.hpp"
#include "model/type_table.hpp"

#include <rpcforge/convert.hpp>

#include <cstdint>
#include <variant>

namespace rpcforge::remote {
namespace {

using Kind = model::Type::Kind;

/// A place and what is wrong there, as rpcforge::ConversionError words it.
struct Unconvertible {
    std::string where;
    std::string problem;
};

/// Not a place: the whole params (rpcforge::Params' own checks).
struct BadShape {
    std::string problem;
};

[[noreturn]] void mismatch(const std::string& where, const std::string& expected, const json& got) {
    throw Unconvertible{where, "must be " + expected + ", got " + rpcforge::detail::json_kind(got)};
}

std::string field_path(const std::string& where, const std::string& name) {
    return where.empty() ? name : where + "." + name;
}

std::string quoted_list(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values) out += (out.empty() ? "\"" : ", \"") + value + "\"";
    return out;
}

/// An integer of `kind`'s range, as rpcforge::convert checks it.
void check_integer(Kind kind, const json& value, const std::string& where) {
    const auto& facts = model::facts_of(kind);
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() <= facts.max) return;
    } else if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (v >= facts.min && (v < 0 || static_cast<std::uint64_t>(v) <= facts.max)) return;
    } else {
        mismatch(where, "an integer", value);
    }
    throw Unconvertible{where, "is out of range: " + value.dump() + " is not in [" + std::to_string(facts.min) + ", " +
                                   std::to_string(facts.max) + "]"};
}

/// Checks values against the model's types as the generated code converts them.
class Checker {
public:
    explicit Checker(const model::Service& service) : types_(service) {}

    void check(const model::Type& type, const json& value, const std::string& where) const {
        switch (type.kind) {
            case Kind::boolean:
                if (!value.is_boolean()) mismatch(where, "a boolean", value);
                return;
            case Kind::int32:
            case Kind::int64:
            case Kind::uint32:
            case Kind::uint64: return check_integer(type.kind, value, where);
            case Kind::number:
                if (!value.is_number()) mismatch(where, "a number", value);
                return;
            case Kind::string:
                if (!value.is_string()) mismatch(where, "a string", value);
                return;
            case Kind::json: return;
            case Kind::optional:
                if (!value.is_null()) check(type.args.at(0), value, where);
                return;
            case Kind::array: return check_array(type.args.at(0), value, where);
            case Kind::map: return check_map(type.args.at(0), value, where);
            case Kind::named: return check_named(type.name, value, where);
        }
    }

private:
    void check_array(const model::Type& element, const json& value, const std::string& where) const {
        if (!value.is_array()) mismatch(where, "an array", value);
        for (std::size_t i = 0; i < value.size(); ++i) check(element, value[i], where + "[" + std::to_string(i) + "]");
    }

    void check_map(const model::Type& element, const json& value, const std::string& where) const {
        if (!value.is_object()) mismatch(where, "an object", value);
        for (const auto& member : value.items()) check(element, member.value(), where + "." + member.key());
    }

    void check_named(const std::string& name, const json& value, const std::string& where) const {
        const model::TypeDecl* declaration = types_.find(name);
        if (declaration == nullptr) return;  // the model is broken; the server decides
        std::visit([&](const auto& d) { check_declared(d, value, where); }, *declaration);
    }

    void check_declared(const model::Struct& declaration, const json& value, const std::string& where) const {
        if (!declaration.cpp_declared.empty()) return;
        if (!value.is_object()) mismatch(where, "an object", value);
        for (const auto& field : declaration.fields) {
            auto member = value.find(field.name.wire);
            std::string place = field_path(where, field.name.wire);
            if (member == value.end()) {
                if (field.required && !field.default_json) throw Unconvertible{place, "is missing"};
                continue;
            }
            check(field.type, *member, place);
        }
    }

    void check_declared(const model::Enum& declaration, const json& value, const std::string& where) const {
        if (!declaration.cpp_declared.empty()) return;
        std::vector<std::string> known;
        for (const auto& enumerator : declaration.values) {
            if (value.is_string() && value.get_ref<const std::string&>() == enumerator.wire) return;
            known.push_back(enumerator.wire);
        }
        if (!value.is_string()) mismatch(where, "a string", value);
        throw Unconvertible{where, "must be one of " + quoted_list(known) + ", got " + value.dump()};
    }

    void check_declared(const model::Variant& declaration, const json& value, const std::string& where) const {
        if (!declaration.cpp_declared.empty()) return;
        bool discriminated =
            declaration.discriminator && declaration.discriminator_values.size() == declaration.alternatives.size();
        if (discriminated) return check_discriminated(declaration, value, where);
        // Tried in order, as the generated code does: the first that converts is the value.
        std::vector<std::string> phrases;
        for (const auto& alternative : declaration.alternatives) {
            try {
                check(alternative, value, where);
                return;
            } catch (const Unconvertible&) {
                phrases.push_back(view::json_kind_phrase(alternative, types_));
            }
        }
        mismatch(where, view::join_alternatives(phrases), value);
    }

    void check_discriminated(const model::Variant& declaration, const json& value, const std::string& where) const {
        const std::string& property = *declaration.discriminator;
        if (!value.is_object()) mismatch(where, "an object", value);
        auto tag = value.find(property);
        if (tag == value.end()) throw Unconvertible{field_path(where, property), "is missing"};
        if (!tag->is_string()) mismatch(field_path(where, property), "a string", *tag);
        for (std::size_t i = 0; i < declaration.alternatives.size(); ++i)
            if (declaration.discriminator_values[i] == tag->get_ref<const std::string&>())
                return check(declaration.alternatives[i], value, where);
        throw Unconvertible{field_path(where, property),
                            "must be one of " + quoted_list(declaration.discriminator_values) + ", got " + tag->dump()};
    }

    model::TypeTable types_;
};

/// rpcforge::Params' checks of the whole params, before any parameter is read.
void check_shape(const model::Method& method, const json& params) {
    const auto structure = method.param_structure;
    if (structure == model::ParamStructure::by_name && params.is_array() && !params.empty())
        throw BadShape{"expected parameters by name, got an array"};
    if (structure == model::ParamStructure::by_position && params.is_object() && !params.empty())
        throw BadShape{"expected parameters by position, got an object"};
    if (params.is_array() && params.size() > method.params.size())
        throw BadShape{"expected at most " + std::to_string(method.params.size()) + " parameters, got " +
                       std::to_string(params.size())};
    if (!params.is_object()) return;
    for (const auto& member : params.items()) {
        bool known = false;
        for (const auto& param : method.params) known = known || param.name.wire == member.key();
        if (!known) throw BadShape{"unknown parameter '" + member.key() + "'"};
    }
}

const json* find_param(const json& params, std::size_t index, const std::string& name) {
    if (params.is_array()) return index < params.size() ? &params[index] : nullptr;
    if (!params.is_object()) return nullptr;
    auto member = params.find(name);
    return member == params.end() ? nullptr : &*member;
}

}  // namespace

std::optional<std::string> invalid_params(const model::Service& service, const model::Method& method,
                                          const json& params) {
    const Checker checker(service);
    try {
        // A method without parameters takes none (rpcforge::expect_no_params): the
        // same checks with no names.
        check_shape(method, params);
        for (std::size_t i = 0; i < method.params.size(); ++i) {
            const auto& param = method.params[i];
            const json* value = find_param(params, i, param.name.wire);
            const bool required = param.required && !param.default_json;
            if (value == nullptr) {
                if (required) throw Unconvertible{param.name.wire, "is missing"};
                continue;
            }
            // A null in a position stands for an absent optional parameter, unless it is nullable.
            if (!required && params.is_array() && value->is_null() && param.type.kind != Kind::optional) continue;
            checker.check(param.type, *value, param.name.wire);
        }
    } catch (const BadShape& bad) {
        return "Invalid params: " + bad.problem;
    } catch (const Unconvertible& bad) {
        return "Invalid params: '" + bad.where + "' " + bad.problem;
    }
    return std::nullopt;
}
}  // namespace rpcforge::remote
