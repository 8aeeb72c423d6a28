#include "frontend/cpp/ast_context.hpp"

#include <clang/AST/QualTypeNames.h>
#include <clang/AST/RawCommentList.h>
#include <clang/Basic/SourceManager.h>

namespace rpcforge::frontend::cpp {

void AstContext::error(clang::SourceLocation where, std::string message) const {
    sink_.error(location(where), std::move(message));
}

model::SourceLocation AstContext::location(clang::SourceLocation where) const {
    const auto& sources = ast_.getSourceManager();
    auto presumed = sources.getPresumedLoc(sources.getSpellingLoc(where));
    if (presumed.isInvalid()) return {};
    return {presumed.getFilename(), static_cast<int>(presumed.getLine()), static_cast<int>(presumed.getColumn()), ""};
}

std::string AstContext::spelling(clang::QualType type) const {
    clang::PrintingPolicy policy(ast_.getLangOpts());
    policy.SuppressTagKeyword = true;
    policy.SuppressUnwrittenScope = true;  // std::string, not std::__cxx11::basic_string<char>
    policy.FullyQualifiedName = true;
    std::string spelled = clang::TypeName::getFullyQualifiedName(type, ast_, policy);
    // Clang writes "const T &"; generated code, like the house style, "const T&".
    for (std::string_view reference : {" &&", " &"}) {
        if (spelled.size() > reference.size() && spelled.compare(spelled.size() - reference.size(), reference.size(), reference) == 0) {
            spelled.erase(spelled.size() - reference.size(), 1);
            break;
        }
    }
    return spelled;
}

std::string AstContext::doc_comment(const clang::Decl& decl) const {
    const auto* comment = ast_.getRawCommentForDeclNoCache(&decl);
    if (!comment) return {};
    return comment->getFormattedText(ast_.getSourceManager(), ast_.getDiagnostics());
}

}  // namespace rpcforge::frontend::cpp
