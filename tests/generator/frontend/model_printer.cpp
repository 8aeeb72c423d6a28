#include "model_printer.hpp"

#include <sstream>

namespace rpcforge::model {

namespace {

std::string kind_text(Type::Kind kind) {
    switch (kind) {
        case Type::Kind::boolean: return "bool";
        case Type::Kind::int32: return "int32";
        case Type::Kind::int64: return "int64";
        case Type::Kind::uint32: return "uint32";
        case Type::Kind::uint64: return "uint64";
        case Type::Kind::number: return "number";
        case Type::Kind::string: return "string";
        case Type::Kind::json: return "json";
        case Type::Kind::array: return "array";
        case Type::Kind::map: return "map";
        case Type::Kind::optional: return "optional";
        case Type::Kind::named: return "named";
    }
    return "?";
}

std::string place(const SourceLocation& location) {
    std::ostringstream out;
    out << " @" << location.file << ":" << location.line << ":" << location.column << " " << location.pointer;
    return out.str();
}

std::string name_text(const Name& name) { return name.wire == name.cpp ? name.cpp : name.wire + "=" + name.cpp; }

/// The user's own declaration (C++ frontend), when there is one.
std::string declared_text(const std::string& cpp_declared) {
    return cpp_declared.empty() ? "" : " declared " + cpp_declared;
}

void print_method(std::ostream& out, const char* what, const Method& method) {
    const char* structures[] = {"by-name", "by-position", "either"};
    out << what << " " << name_text(method.name) << " [" << structures[static_cast<int>(method.param_structure)] << "]";
    out << (method.result ? " -> " + to_text(*method.result) : std::string(" (notification)"));
    if (method.takes_context) out << " takes-context";
    if (method.is_async) out << " async";
    if (method.is_coroutine) out << " coroutine";
    if (method.idempotent) out << " idempotent";
    if (method.is_subscription) out << " subscription";
    for (const auto& alias : method.aliases) out << " alias " << alias;
    for (const auto& error : method.errors) out << " throws " << error;
    if (!method.summary.empty()) out << " summary \"" << method.summary << "\"";
    if (!method.description.empty()) out << " \"" << method.description << "\"";
    out << place(method.location) << "\n";
    for (const auto& param : method.params) {
        out << "  param " << name_text(param.name) << ": " << to_text(param.type)
            << (param.required ? " required" : "") << declared_text(param.cpp_declared);
        if (param.default_json) out << " default " << *param.default_json;
        if (!param.description.empty()) out << " \"" << param.description << "\"";
        out << place(param.location) << "\n";
    }
}

void print_type(std::ostream& out, const TypeDecl& declaration) {
    if (const auto* s = std::get_if<Struct>(&declaration)) {
        out << "struct " << name_text(s->name) << declared_text(s->cpp_declared) << place(s->location) << "\n";
        for (const auto& field : s->fields) {
            out << "  field " << name_text(field.name) << ": " << to_text(field.type)
                << (field.required ? " required" : "");
            if (field.default_json) out << " default " << *field.default_json;
            if (!field.description.empty()) out << " \"" << field.description << "\"";
            out << place(field.location) << "\n";
        }
    } else if (const auto* e = std::get_if<Enum>(&declaration)) {
        out << "enum " << name_text(e->name) << ":";
        for (const auto& value : e->values) out << " " << name_text(value);
        out << declared_text(e->cpp_declared) << place(e->location) << "\n";
    } else if (const auto* v = std::get_if<Variant>(&declaration)) {
        out << "variant " << name_text(v->name) << ":";
        for (const auto& alternative : v->alternatives) out << " " << to_text(alternative);
        if (v->discriminator) {
            out << " by " << *v->discriminator;
            for (const auto& value : v->discriminator_values) out << " " << value;
        }
        out << declared_text(v->cpp_declared) << place(v->location) << "\n";
    }
}

}  // namespace

std::string to_text(const Type& type) {
    const std::string spelled = type.cpp.empty() ? "" : " `" + type.cpp + "`";
    if (type.kind == Type::Kind::named) return type.name + spelled;
    std::string text = kind_text(type.kind);
    if (!type.args.empty()) {
        text += "<";
        for (std::size_t i = 0; i < type.args.size(); ++i) text += (i ? ", " : "") + to_text(type.args[i]);
        text += ">";
    }
    return text + spelled;
}

std::string to_text(const Service& service) {
    std::ostringstream out;
    out << "service " << name_text(service.name) << " \"" << service.title << "\" " << service.version;
    if (!service.description.empty()) out << " \"" << service.description << "\"";
    if (!service.cpp_header.empty()) out << " header " << service.cpp_header;
    out << declared_text(service.cpp_declared) << place(service.location) << "\n";
    for (const auto& method : service.methods) print_method(out, "method", method);
    for (const auto& callback : service.callbacks) print_method(out, "callback", callback);
    for (const auto& declaration : service.types) print_type(out, declaration);
    for (const auto& error : service.errors) {
        out << "error " << name_text(error.name) << " " << error.code << " \"" << error.message << "\"";
        if (error.data) out << " data " << to_text(*error.data);
        out << place(error.location) << "\n";
    }
    return out.str();
}

void PrintTo(const SourceLocation& location, std::ostream* out) { *out << place(location); }
void PrintTo(const Type& type, std::ostream* out) { *out << to_text(type); }
void PrintTo(const Service& service, std::ostream* out) { *out << "\n" << to_text(service); }

}  // namespace rpcforge::model

namespace rpcforge::model::testing {

Service without_locations(Service service) {
    service.location = {};
    for (auto* methods : {&service.methods, &service.callbacks}) {
        for (auto& method : *methods) {
            method.location = {};
            for (auto& param : method.params) param.location = {};
        }
    }
    for (auto& declaration : service.types) {
        std::visit([](auto& d) { d.location = {}; }, declaration);
        if (auto* s = std::get_if<Struct>(&declaration)) {
            for (auto& field : s->fields) field.location = {};
        }
    }
    for (auto& error : service.errors) error.location = {};
    return service;
}

}  // namespace rpcforge::model::testing
