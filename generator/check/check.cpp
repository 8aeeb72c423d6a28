#include "check/check.hpp"

#include "check/check_parts.hpp"

namespace rpcforge::check {

namespace detail {

std::string place(const model::SourceLocation& location) {
    std::string text = location.file.empty() ? "?" : location.file;
    if (location.line > 0) {
        text += ":" + std::to_string(location.line);
        if (location.column > 0) text += ":" + std::to_string(location.column);
    } else if (!location.pointer.empty()) {
        text += " " + location.pointer;
    }
    return text;
}

std::string type_text(const model::Type& type) {
    using Kind = model::Type::Kind;
    switch (type.kind) {
        case Kind::boolean: return "bool";
        case Kind::int32: return "int32";
        case Kind::int64: return "int64";
        case Kind::uint32: return "uint32";
        case Kind::uint64: return "uint64";
        case Kind::number: return "number";
        case Kind::string: return "string";
        case Kind::json: return "json";
        case Kind::named: return type.name;
        case Kind::array:
        case Kind::map:
        case Kind::optional: break;
    }
    std::string outer = type.kind == Kind::array ? "array" : type.kind == Kind::map ? "map" : "optional";
    return outer + "<" + (type.args.empty() ? std::string("?") : type_text(type.args.front())) + ">";
}

TypeTable::TypeTable(const model::Service& service) {
    // C++ names first: a wire name never hides another type's C++ name.
    for (const auto& declaration : service.types) {
        std::visit([&](const auto& d) { by_name_.emplace(d.name.cpp, &declaration); }, declaration);
    }
    for (const auto& declaration : service.types) {
        std::visit([&](const auto& d) { by_name_.emplace(d.name.wire, &declaration); }, declaration);
    }
}

const model::TypeDecl* TypeTable::find(const std::string& name) const {
    auto found = by_name_.find(name);
    return found == by_name_.end() ? nullptr : found->second;
}

}  // namespace detail

void check(const model::Service& service, diagnostics::Sink& sink) {
    detail::TypeTable types(service);
    detail::check_names(service, sink);
    detail::check_types(service, types, sink);
    detail::check_recursion(service, types, sink);
    detail::check_methods(service, sink);
    detail::check_defaults(service, types, sink);
}

}  // namespace rpcforge::check
