#include "view/type_layout.hpp"
#include "view/view_parts.hpp"

#include <map>
#include <set>

namespace rpcforge::view {

namespace {

using model::Type;

/// How a member holds a model type when the reference is boxed: the value itself or the value
/// of a std::optional becomes rpcforge::Box (which may be empty).
struct Held {
    std::string type;    // as the member or alternative holds it
    std::string decode;  // as read from JSON
    bool box_is_value = false;  // a Box standing for a plain (not nullable) value
};

Held held_type(const Type& type, bool boxed, const TypeTable& index) {
    if (!boxed) return {cpp_type(type, index), cpp_type(type, index), false};
    if (type.kind == Type::Kind::named) {
        std::string name = index.spelling(type.name);
        return {"rpcforge::Box<" + name + ">", name, true};
    }
    if (type.kind == Type::Kind::optional && !type.args.empty()) {
        const Type& inner = type.args.front();
        if (inner.kind == Type::Kind::named) {
            std::string box = "rpcforge::Box<" + index.spelling(inner.name) + ">";
            return {box, box, false};
        }
        Held held = held_type(inner, true, index);
        return {"std::optional<" + held.type + ">", "std::optional<" + held.type + ">", false};
    }
    return {cpp_type(type, index), cpp_type(type, index), false};
}

FieldView field_view(const model::Field& field, bool boxed, const TypeTable& index) {
    FieldView view;
    view.cpp_name = field.name.cpp;
    view.wire = escape_string(field.name.wire);
    view.doc = doc_lines(field.description);
    const Held held = held_type(field.type, boxed, index);
    view.cpp_type = held.type;
    view.decode_type = held.decode;
    if (field.default_json) {
        view.is_required = false;
        view.has_default = true;
        view.default_value = cpp_default_value(*field.default_json, field.type, index);
        view.initializer = view.default_value == "{}" ? "{}" : " = " + view.default_value;
    } else if (!field.required) {
        view.is_required = false;
        view.is_optional = true;
        if (!held.box_is_value) view.cpp_type = "std::optional<" + held.type + ">";
    } else if (needs_value_initialisation(field.type, index)) {
        view.initializer = "{}";
    }
    return view;
}

StructView struct_view(const model::Struct& decl, const TypeLayout& layout, const TypeTable& index) {
    StructView view{decl.name.cpp, spelling_of(decl), escape_string(decl.name.wire),
                    doc_lines(decl.description), {}};
    for (std::size_t i = 0; i < decl.fields.size(); ++i)
        view.fields.push_back(field_view(decl.fields[i], layout.is_boxed(decl.name.cpp, i), index));
    return view;
}

VariantView variant_view(const model::Variant& decl, const TypeLayout& layout, const TypeTable& index) {
    VariantView view;
    view.cpp_name = decl.name.cpp;
    view.cpp_type = spelling_of(decl);
    view.wire = escape_string(decl.name.wire);
    view.doc = doc_lines(decl.description);
    view.is_discriminated = decl.discriminator && decl.discriminator_values.size() == decl.alternatives.size();
    view.discriminator = escape_string(decl.discriminator.value_or(""));
    std::string held_types, values;
    std::vector<std::string> phrases;
    for (std::size_t i = 0; i < decl.alternatives.size(); ++i) {
        const Held held = held_type(decl.alternatives[i], layout.is_boxed(decl.name.cpp, i), index);
        AlternativeView alternative{held.type, held.decode, {}, i + 1 == decl.alternatives.size()};
        if (view.is_discriminated) alternative.discriminator_value = escape_string(decl.discriminator_values[i]);
        held_types += (i == 0 ? "" : ", ") + held.type;
        values += (i == 0 ? "\"" : ", \"") + alternative.discriminator_value + "\"";
        phrases.push_back(json_kind_phrase(decl.alternatives[i], index));
        view.alternatives.push_back(std::move(alternative));
    }
    view.base_type = "std::variant<" + held_types + ">";
    view.discriminator_values = "{" + values + "}";
    view.expected = escape_string(join_alternatives(phrases));
    return view;
}

EnumView enum_view(const model::Enum& decl) {
    EnumView view{decl.name.cpp, spelling_of(decl), escape_string(decl.name.wire),
                  doc_lines(decl.description), {}};
    for (std::size_t i = 0; i < decl.values.size(); ++i) {
        const auto& value = decl.values[i];
        view.values.push_back({value.cpp, view.cpp_type + "::" + value.cpp, escape_string(value.wire),
                               i + 1 == decl.values.size()});
    }
    return view;
}

ErrorView error_view(const model::ErrorDecl& decl, const TypeTable& index) {
    ErrorView view;
    view.cpp_name = decl.name.cpp;
    view.code = std::to_string(decl.code);
    view.message = escape_string(decl.message);
    view.doc = doc_lines("Error " + view.code + ": " + decl.message + ".");
    if (decl.data) {
        view.has_data = true;
        view.data_type = cpp_type(*decl.data, index);
        view.data_param_type =
            is_cheap_to_copy(*decl.data, index) ? view.data_type : "const " + view.data_type + "&";
    }
    return view;
}

void note_includes(const Type& type, std::set<std::string>& includes) {
    if (const auto include = model::facts_of(type.kind).include; !include.empty()) includes.emplace(include);
    for (const auto& arg : type.args) note_includes(arg, includes);
}

std::vector<std::string> std_includes(const model::Service& service) {
    std::set<std::string> includes{"<string>"};
    for (const auto& decl : service.types) {
        if (const auto* s = std::get_if<model::Struct>(&decl)) {
            for (const auto& field : s->fields) {
                note_includes(field.type, includes);
                if (!field.required && !field.default_json) includes.insert("<optional>");
            }
        } else if (const auto* v = std::get_if<model::Variant>(&decl)) {
            includes.insert("<variant>");
            for (const auto& alternative : v->alternatives) note_includes(alternative, includes);
        } else {
            includes.insert("<string_view>");
        }
    }
    for (const auto& error : service.errors) {
        includes.insert("<utility>");
        if (error.data) note_includes(*error.data, includes);
    }
    return {includes.begin(), includes.end()};
}

UserTypeView user_type_view(const model::TypeDecl& decl, const TypeLayout& layout, const TypeTable& index) {
    if (const auto* s = std::get_if<model::Struct>(&decl)) return {struct_view(*s, layout, index)};
    if (const auto* e = std::get_if<model::Enum>(&decl)) return {enum_view(*e)};
    return {variant_view(std::get<model::Variant>(decl), layout, index)};
}

}  // namespace

void add_types(const model::Service& service, const TypeTable& index, ServiceView& view) {
    const TypeLayout layout = layout_types(service, index);
    std::map<std::string, const model::TypeDecl*> by_name;
    for (const auto& decl : service.types) {
        by_name.emplace(name_of(decl).cpp, &decl);
        if (!cpp_declared_of(decl).empty())
            view.user_types.push_back(user_type_view(decl, layout, index));
        else if (const auto* e = std::get_if<model::Enum>(&decl))
            view.enums.push_back(enum_view(*e));
    }
    for (const auto& name : layout.definition_order) {
        const model::TypeDecl& decl = *by_name.at(name);
        if (const auto* s = std::get_if<model::Struct>(&decl))
            view.definitions.push_back({struct_view(*s, layout, index)});
        else if (const auto* v = std::get_if<model::Variant>(&decl))
            view.definitions.push_back({variant_view(*v, layout, index)});
    }
    view.forward_declarations = layout.forward_declarations;
    for (const auto& error : service.errors) view.errors.push_back(error_view(error, index));
    view.std_includes = std_includes(service);
}

}  // namespace rpcforge::view
