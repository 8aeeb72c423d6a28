#pragma once
// What the mappers share while they read one translation unit: the Clang AST, the service
// being built and the diagnostics sink, with the conversions from Clang's terms to ours.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>

#include <string>

namespace rpcforge::frontend::cpp {

class AstContext {
public:
    AstContext(clang::ASTContext& ast, model::Service& service, diagnostics::Sink& sink)
        : ast_(ast), service_(service), sink_(sink) {}

    clang::ASTContext& ast() const { return ast_; }
    model::Service& service() const { return service_; }

    /// Reports an error at the user's source location (the spelling location, for macros).
    void error(clang::SourceLocation where, std::string message) const;
    model::SourceLocation location(clang::SourceLocation where) const;

    /// The type as generated code outside any namespace must spell it: fully qualified, with
    /// the user's aliases kept ("std::int16_t", "chat::Id", "const std::string &").
    std::string spelling(clang::QualType type) const;

    /// The declaration's doc comment (///, /** */), its markers removed; empty if none.
    std::string doc_comment(const clang::Decl& decl) const;

private:
    clang::ASTContext& ast_;
    model::Service& service_;
    diagnostics::Sink& sink_;
};

}  // namespace rpcforge::frontend::cpp
