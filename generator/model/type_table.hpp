#pragma once
// Types found by name, and written as messages write them: the one index of declared types
// that the checks, the emitters, `rpcforge diff` and the commands that show a running service
// share.

#include "model/model.hpp"
#include "model/type_kinds.hpp"

#include <map>
#include <string>
#include <variant>

namespace rpcforge::model {

/// A type as messages write it: `int64`, `array<string>`, `optional<User>`.
inline std::string type_text(const Type& type) {
    if (type.kind == Type::Kind::named) return type.name;
    // A broken model may leave an argument out; the checks that report it print it as "?".
    return spelled(facts_of(type.kind).text, type,
                   [&](const Type& argument) { return type.args.empty() ? std::string("?") : type_text(argument); });
}

/// The name of any declared type.
inline const Name& name_of(const TypeDecl& declaration) {
    return std::visit([](const auto& d) -> const Name& { return d.name; }, declaration);
}

/// The qualified name of the user's own declaration of a type; empty when generated code declares it.
inline const std::string& cpp_declared_of(const TypeDecl& declaration) {
    return std::visit([](const auto& d) -> const std::string& { return d.cpp_declared; }, declaration);
}

/// How generated code spells a declared type: the user's own declaration, else its C++ name.
template <class Declaration>
const std::string& spelling_of(const Declaration& declaration) {
    return declaration.cpp_declared.empty() ? declaration.name.cpp : declaration.cpp_declared;
}
inline const std::string& spelling_of(const TypeDecl& declaration) {
    return std::visit([](const auto& d) -> const std::string& { return spelling_of(d); }, declaration);
}

/// The declared types, found by the name a model::Type uses (C++ name, or else wire name).
/// Each question about a name answers the name itself (or false) when no type has it: a broken
/// model, which the checks report.
class TypeTable {
public:
    explicit TypeTable(const Service& service) {
        // C++ names first: a wire name never hides another type's C++ name.
        for (const auto& declaration : service.types) by_name_.emplace(name_of(declaration).cpp, &declaration);
        for (const auto& declaration : service.types) by_name_.emplace(name_of(declaration).wire, &declaration);
    }
    const TypeDecl* find(const std::string& name) const {
        auto found = by_name_.find(name);
        return found == by_name_.end() ? nullptr : found->second;
    }
    bool is_enum(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration != nullptr && std::holds_alternative<Enum>(*declaration);
    }
    /// True for a type the user's C++ header declares (cpp_declared set): generated code uses it
    /// and defines no type of its own.
    bool is_user_declared(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration != nullptr && !cpp_declared_of(*declaration).empty();
    }
    /// The declared type's C++ name, which the TypeScript and HTML outputs name it by.
    std::string cpp_name(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration ? name_of(*declaration).cpp : name;
    }
    /// How generated C++ spells it: the user's own declaration (e.g. `chat::Message`), else its C++ name.
    std::string spelling(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration ? spelling_of(*declaration) : name;
    }
    std::string wire_name(const std::string& name) const {
        const TypeDecl* declaration = find(name);
        return declaration ? name_of(*declaration).wire : name;
    }

private:
    std::map<std::string, const TypeDecl*> by_name_;
};

}  // namespace rpcforge::model
