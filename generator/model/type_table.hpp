#pragma once
// Types found by name, and written as messages write them: what the checks, `rpcforge diff` and
// the commands that show a running service share.

#include "model/model.hpp"

#include <map>
#include <string>
#include <variant>

namespace rpcforge::model {

/// A type as messages write it: `int64`, `array<string>`, `optional<User>`.
inline std::string type_text(const Type& type) {
    using Kind = Type::Kind;
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

/// The declared types, found by the name a model::Type uses (C++ name, or else wire name).
class TypeTable {
public:
    explicit TypeTable(const Service& service) {
        // C++ names first: a wire name never hides another type's C++ name.
        for (const auto& declaration : service.types)
            std::visit([&](const auto& d) { by_name_.emplace(d.name.cpp, &declaration); }, declaration);
        for (const auto& declaration : service.types)
            std::visit([&](const auto& d) { by_name_.emplace(d.name.wire, &declaration); }, declaration);
    }
    const TypeDecl* find(const std::string& name) const {
        auto found = by_name_.find(name);
        return found == by_name_.end() ? nullptr : found->second;
    }
    /// The declared type's C++ name, which every emitter names it by; the name itself when no
    /// type has it (a broken model).
    std::string cpp_name(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration ? std::visit([](const auto& d) { return d.name.cpp; }, *declaration) : name;
    }

private:
    std::map<std::string, const TypeDecl*> by_name_;
};

}  // namespace rpcforge::model
