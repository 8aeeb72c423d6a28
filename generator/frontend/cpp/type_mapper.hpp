#pragma once
// C++ types to model types: scalars, std::string, std::vector, std::map<std::string, T>,
// std::optional, std::variant, nlohmann::json, and the user's structs and enums, which become
// model declarations (transitively, each once). Every type keeps its C++ spelling.

#include "frontend/cpp/ast_context.hpp"

#include <clang/AST/Type.h>

#include <map>
#include <optional>
#include <string>

namespace rpcforge::frontend::cpp {

class TypeMapper {
public:
    explicit TypeMapper(const AstContext& context) : context_(context) {}

    /// The model type of `type`, used at `where`; `place` names it if it must become a
    /// declaration of its own (a std::variant written inline: "PostMessage"). Nothing, after
    /// reporting why, if JSON-RPC cannot carry it.
    std::optional<model::Type> map(clang::QualType type, clang::SourceLocation where, const std::string& place);

private:
    std::optional<model::Type> map_builtin(const clang::BuiltinType& type, clang::SourceLocation where);
    std::optional<model::Type> map_record(clang::QualType type, const clang::CXXRecordDecl& record,
                                          clang::SourceLocation where, const std::string& place);
    std::optional<model::Type> map_template(clang::QualType type, const clang::ClassTemplateSpecializationDecl& record,
                                            clang::SourceLocation where, const std::string& place);
    std::optional<model::Type> map_variant(clang::QualType type, const clang::ClassTemplateSpecializationDecl& record,
                                           clang::SourceLocation where, const std::string& place,
                                           const std::string& description = {});
    std::optional<model::Type> map_enum(const clang::EnumDecl& decl);
    std::optional<model::Type> map_struct(const clang::CXXRecordDecl& record, clang::SourceLocation where);
    bool map_fields(const clang::CXXRecordDecl& record, model::Struct& out);

    /// A declaration's model name: wire "Outer.Inner", C++ "Outer_Inner" (namespaces left out).
    model::Name declaration_name(const clang::NamedDecl& decl) const;
    model::Type named(const std::string& name, clang::QualType type) const;

    const AstContext& context_;
    /// Declarations already mapped (or being mapped), by qualified C++ name -> model name.
    std::map<std::string, std::string> declared_;
};

}  // namespace rpcforge::frontend::cpp
