#include "frontend/cpp/default_values.hpp"

#include <clang/AST/ExprCXX.h>
#include <nlohmann/json.hpp>

namespace rpcforge::frontend::cpp {
namespace {

using Kind = model::Type::Kind;

}  // namespace

const clang::Expr* literal_inside(const clang::Expr* value) {
    for (;;) {
        value = value->IgnoreImplicit()->IgnoreParens();
        if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(value); construct && construct->getNumArgs() > 0) {
            value = construct->getArg(0);
        } else if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(value)) {
            value = cast->getSubExpr();
        } else {
            return value;
        }
    }
}

namespace {

std::optional<nlohmann::json> evaluate(const AstContext& context, const clang::Expr& value, const model::Type& type) {
    const auto* inner = literal_inside(&value);
    if (type.kind == Kind::string) {
        if (const auto* text = llvm::dyn_cast<clang::StringLiteral>(inner); text && text->isAscii()) return text->getString().str();
        return std::nullopt;
    }
    if (type.kind == Kind::named) {
        const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(inner);
        const auto* enumerator = reference ? llvm::dyn_cast<clang::EnumConstantDecl>(reference->getDecl()) : nullptr;
        if (enumerator) return enumerator->getNameAsString();
        return std::nullopt;
    }
    clang::Expr::EvalResult result;
    if (value.isValueDependent() || !value.EvaluateAsRValue(result, context.ast())) return std::nullopt;
    const auto& constant = result.Val;
    switch (type.kind) {
        case Kind::boolean: return constant.isInt() ? std::optional<nlohmann::json>(constant.getInt().getBoolValue()) : std::nullopt;
        case Kind::int32:
        case Kind::int64:
            if (constant.isInt()) return constant.getInt().getExtValue();
            return std::nullopt;
        case Kind::uint32:
        case Kind::uint64:
            if (constant.isInt()) return constant.getInt().getZExtValue();
            return std::nullopt;
        case Kind::number:
            if (constant.isFloat()) return constant.getFloat().convertToDouble();
            if (constant.isInt()) return constant.getInt().getExtValue();
            return std::nullopt;
        case Kind::string:  // read above, as were named types
        case Kind::named:
        case Kind::json:
        case Kind::array:
        case Kind::map:
        case Kind::optional: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> default_json(const AstContext& context, const clang::Expr& value, const model::Type& type) {
    auto json = evaluate(context, value, type);
    if (!json) {
        context.error(value.getBeginLoc(), "this default argument is not a constant JSON can hold: use a literal or an enumerator");
        return std::nullopt;
    }
    return json->dump();
}

}  // namespace rpcforge::frontend::cpp
