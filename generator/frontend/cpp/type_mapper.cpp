#include "frontend/cpp/type_mapper.hpp"

#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>

namespace rpcforge::frontend::cpp {
namespace {

using Kind = model::Type::Kind;

bool is_std(const clang::NamedDecl& decl, llvm::StringRef name) {
    return decl.isInStdNamespace() && decl.getName() == name;
}

bool is_nlohmann_json(const clang::NamedDecl& decl) {
    std::string qualified = decl.getQualifiedNameAsString();
    return decl.getName() == "basic_json" && qualified.rfind("nlohmann::", 0) == 0;
}

bool is_std_string(clang::QualType type) {
    const auto* record = type.getCanonicalType()->getAsCXXRecordDecl();
    const auto* specialization = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(record);
    return specialization && is_std(*specialization, "basic_string") &&
           specialization->getTemplateArgs().get(0).getAsType()->isCharType();
}

/// The template's argument as written, aliases kept (std::int16_t, not short), where the type
/// still carries how it was written; else the specialisation's own.
clang::QualType template_argument(clang::QualType type, const clang::ClassTemplateSpecializationDecl& record, unsigned index) {
    if (const auto* written = type->getAs<clang::TemplateSpecializationType>(); written && index < written->getNumArgs()) {
        const auto& argument = written->getArg(index);
        if (argument.getKind() == clang::TemplateArgument::Type) return argument.getAsType();
    }
    return record.getTemplateArgs().get(index).getAsType();
}

/// The alternatives of a std::variant, as written where possible.
std::vector<clang::QualType> variant_alternatives(clang::QualType type, const clang::ClassTemplateSpecializationDecl& record) {
    std::vector<clang::QualType> out;
    if (const auto* written = type->getAs<clang::TemplateSpecializationType>()) {
        for (const auto& argument : written->template_arguments()) {
            if (argument.getKind() == clang::TemplateArgument::Type) out.push_back(argument.getAsType());
        }
        if (!out.empty()) return out;
    }
    for (const auto& argument : record.getTemplateArgs().get(0).pack_elements()) out.push_back(argument.getAsType());
    return out;
}

model::Type with_spelling(model::Type type, std::string spelling) {
    type.cpp = std::move(spelling);
    return type;
}

}  // namespace

std::optional<model::Type> TypeMapper::map(clang::QualType type, clang::SourceLocation where, const std::string& place) {
    const std::string spelling = context_.spelling(type.getUnqualifiedType());
    if (type->isPointerType() || type->isArrayType()) {
        context_.error(where, "'" + spelling + "' cannot cross JSON-RPC: pointers and C arrays are not supported; use a value, std::optional or std::vector");
        return std::nullopt;
    }
    if (type->isReferenceType()) {
        context_.error(where, "'" + spelling + "' cannot cross JSON-RPC: references are supported only as const parameters");
        return std::nullopt;
    }
    // An alias of a std::variant names its declaration: `using Shape = std::variant<...>`.
    if (const auto* alias = type->getAs<clang::TypedefType>()) {
        const auto* record = type.getCanonicalType()->getAsCXXRecordDecl();
        const auto* specialization = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(record);
        if (specialization && is_std(*specialization, "variant")) {
            return map_variant(type, *specialization, where, alias->getDecl()->getName().str(),
                               context_.doc_comment(*alias->getDecl()));
        }
    }
    const clang::QualType canonical = type.getCanonicalType();
    std::optional<model::Type> mapped;
    if (const auto* builtin = canonical->getAs<clang::BuiltinType>()) {
        mapped = map_builtin(*builtin, where);
    } else if (const auto* enumeration = canonical->getAs<clang::EnumType>()) {
        mapped = map_enum(*enumeration->getDecl());
    } else if (const auto* record = canonical->getAsCXXRecordDecl()) {
        return map_record(type, *record, where, place);
    } else {
        context_.error(where, "'" + spelling + "' cannot cross JSON-RPC");
    }
    if (!mapped) return std::nullopt;
    return with_spelling(std::move(*mapped), spelling);
}

std::optional<model::Type> TypeMapper::map_builtin(const clang::BuiltinType& type, clang::SourceLocation where) {
    auto& ast = context_.ast();
    if (type.isBooleanType()) return model::Type::of(Kind::boolean);
    if (type.getKind() == clang::BuiltinType::Char_S || type.getKind() == clang::BuiltinType::Char_U ||
        type.isWideCharType() || type.isChar8Type() || type.isChar16Type() || type.isChar32Type()) {
        context_.error(where, "'" + type.getName(ast.getPrintingPolicy()).str() +
                                  "' cannot cross JSON-RPC: use std::string for text, or an integer type");
        return std::nullopt;
    }
    if (type.isInteger()) {
        const bool wide = ast.getTypeSize(&type) > 32;
        if (type.isSignedInteger()) return model::Type::of(wide ? Kind::int64 : Kind::int32);
        return model::Type::of(wide ? Kind::uint64 : Kind::uint32);
    }
    if (type.getKind() == clang::BuiltinType::Float || type.getKind() == clang::BuiltinType::Double) {
        return model::Type::of(Kind::number);
    }
    context_.error(where, "'" + type.getName(ast.getPrintingPolicy()).str() + "' cannot cross JSON-RPC");
    return std::nullopt;
}

std::optional<model::Type> TypeMapper::map_record(clang::QualType type, const clang::CXXRecordDecl& record,
                                                  clang::SourceLocation where, const std::string& place) {
    if (const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record)) {
        return map_template(type, *specialization, where, place);
    }
    auto mapped = map_struct(record, where);
    if (!mapped) return std::nullopt;
    return with_spelling(std::move(*mapped), context_.spelling(type.getUnqualifiedType()));
}

std::optional<model::Type> TypeMapper::map_template(clang::QualType type,
                                                    const clang::ClassTemplateSpecializationDecl& record,
                                                    clang::SourceLocation where, const std::string& place) {
    const std::string spelling = context_.spelling(type.getUnqualifiedType());
    auto argument = [&](unsigned index) { return template_argument(type, record, index); };
    std::optional<model::Type> mapped;
    if (is_std_string(type)) {
        mapped = model::Type::of(Kind::string);
    } else if (is_nlohmann_json(record)) {
        mapped = model::Type::of(Kind::json);
    } else if (is_std(record, "vector")) {
        if (auto element = map(argument(0), where, place + "Item")) mapped = model::Type::array_of(std::move(*element));
    } else if (is_std(record, "optional")) {
        if (auto value = map(argument(0), where, place)) mapped = model::Type::optional_of(std::move(*value));
    } else if (is_std(record, "map")) {
        if (!is_std_string(argument(0))) {
            context_.error(where, "'" + spelling + "' cannot cross JSON-RPC: a map's keys must be std::string (they become JSON object keys)");
            return std::nullopt;
        }
        if (auto value = map(argument(1), where, place + "Value")) mapped = model::Type::map_of(std::move(*value));
    } else if (is_std(record, "variant")) {
        return map_variant(type, record, where, place);
    } else {
        context_.error(where, "'" + spelling + "' cannot cross JSON-RPC: the templates supported are std::vector, "
                              "std::map<std::string, T>, std::optional and std::variant");
        return std::nullopt;
    }
    if (!mapped) return std::nullopt;
    return with_spelling(std::move(*mapped), spelling);
}

std::optional<model::Type> TypeMapper::map_variant(clang::QualType type,
                                                   const clang::ClassTemplateSpecializationDecl& record,
                                                   clang::SourceLocation where, const std::string& place,
                                                   const std::string& description) {
    const std::string spelling = context_.spelling(type.getUnqualifiedType());
    if (auto known = declared_.find(spelling); known != declared_.end()) return named(known->second, type);
    model::Variant variant;
    variant.name = {place, place};
    variant.cpp_declared = spelling;
    variant.description = description;
    variant.location = context_.location(where);
    declared_[spelling] = place;
    bool ok = true;
    int index = 0;
    for (const auto& alternative : variant_alternatives(type, record)) {
        auto mapped = map(alternative, where, place + "Option" + std::to_string(++index));
        ok = ok && mapped;
        if (mapped) variant.alternatives.push_back(std::move(*mapped));
    }
    if (!ok) return std::nullopt;
    context_.service().types.push_back(std::move(variant));
    return named(place, type);
}

std::optional<model::Type> TypeMapper::map_enum(const clang::EnumDecl& decl) {
    const std::string qualified = decl.getQualifiedNameAsString();
    if (auto known = declared_.find(qualified); known != declared_.end()) return model::Type::named_type(known->second);
    model::Enum enumeration;
    enumeration.name = declaration_name(decl);
    enumeration.cpp_declared = qualified;
    enumeration.description = context_.doc_comment(decl);
    enumeration.location = context_.location(decl.getLocation());
    for (const auto* value : decl.enumerators()) {
        enumeration.values.push_back({value->getName().str(), value->getName().str()});
    }
    declared_[qualified] = enumeration.name.cpp;
    context_.service().types.push_back(enumeration);
    return model::Type::named_type(enumeration.name.cpp);
}

std::optional<model::Type> TypeMapper::map_struct(const clang::CXXRecordDecl& record, clang::SourceLocation where) {
    const std::string qualified = record.getQualifiedNameAsString();
    if (auto known = declared_.find(qualified); known != declared_.end()) return model::Type::named_type(known->second);
    const auto* definition = record.getDefinition();
    if (!definition) {
        context_.error(where, "'" + qualified + "' is declared but not defined: its fields make its JSON form");
        return std::nullopt;
    }
    if (definition->isUnion() || definition->isLambda()) {
        context_.error(definition->getLocation(), "'" + qualified + "' cannot cross JSON-RPC: unions and lambdas are not supported");
        return std::nullopt;
    }
    model::Struct structure;
    structure.name = declaration_name(*definition);
    structure.cpp_declared = qualified;
    structure.description = context_.doc_comment(*definition);
    structure.location = context_.location(definition->getLocation());
    declared_[qualified] = structure.name.cpp;  // before the fields: a type may contain itself
    auto& types = context_.service().types;
    const std::size_t index = types.size();
    types.push_back(structure);
    if (!map_fields(*definition, structure)) return std::nullopt;
    types[index] = std::move(structure);
    return model::Type::named_type(std::get<model::Struct>(types[index]).name.cpp);
}

bool TypeMapper::map_fields(const clang::CXXRecordDecl& record, model::Struct& out) {
    const std::string name = record.getNameAsString();
    bool ok = true;
    if (record.getNumBases() > 0) {
        context_.error(record.getLocation(), "struct '" + name + "' has base classes: only the fields a struct declares itself are supported");
        ok = false;
    }
    for (const auto* field : record.fields()) {
        const std::string field_name = field->getNameAsString();
        if (field->getAccess() != clang::AS_public) {
            context_.error(field->getLocation(), "field '" + field_name + "' of '" + name +
                                                     "' is not public: generated code reads and writes fields directly");
            ok = false;
            continue;
        }
        if (field_name.empty()) {
            context_.error(field->getLocation(), "'" + name + "' has an unnamed field: JSON names every member");
            ok = false;
            continue;
        }
        auto type = map(field->getType(), field->getLocation(), out.name.cpp + "_" + field_name);
        if (!type) {
            ok = false;
            continue;
        }
        model::Field mapped;
        mapped.name = {field_name, field_name};
        // std::optional<T>: the member may be absent; its model type is T (docs/generator.md, Type mapping).
        if (type->kind == Kind::optional) {
            mapped.required = false;
            model::Type inner = type->args[0];  // copied out first: it lives inside *type
            type = std::move(inner);
        }
        mapped.type = std::move(*type);
        mapped.description = context_.doc_comment(*field);
        mapped.location = context_.location(field->getLocation());
        out.fields.push_back(std::move(mapped));
    }
    return ok;
}

model::Name TypeMapper::declaration_name(const clang::NamedDecl& decl) const {
    std::string wire = decl.getNameAsString();
    std::string cpp = wire;
    for (const auto* parent = llvm::dyn_cast<clang::NamedDecl>(decl.getDeclContext());
         parent && llvm::isa<clang::RecordDecl>(parent); parent = llvm::dyn_cast<clang::NamedDecl>(parent->getDeclContext())) {
        wire = parent->getNameAsString() + "." + wire;
        cpp = parent->getNameAsString() + "_" + cpp;
    }
    return {wire, cpp};
}

model::Type TypeMapper::named(const std::string& name, clang::QualType type) const {
    return with_spelling(model::Type::named_type(name), context_.spelling(type.getUnqualifiedType()));
}

}  // namespace rpcforge::frontend::cpp
