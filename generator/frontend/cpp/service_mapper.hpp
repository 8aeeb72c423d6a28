#pragma once
// The service class (marked RPCFORGE_SERVICE, declared in the header read) to the model: its
// annotated virtual member functions become methods and notifications, their parameters and
// results mapped by TypeMapper. A class marked RPCFORGE_CALLBACKS becomes the callbacks.

#include "frontend/cpp/ast_context.hpp"
#include "frontend/cpp/type_mapper.hpp"

#include <clang/AST/DeclCXX.h>

namespace rpcforge::frontend::cpp {

struct Annotations;

class ServiceMapper {
public:
    explicit ServiceMapper(const AstContext& context) : context_(context), types_(context) {}

    /// Fills the context's service from `service`.
    void map(const clang::CXXRecordDecl& service);
    /// Fills the service's callbacks from the class marked RPCFORGE_CALLBACKS.
    void map_callbacks(const clang::CXXRecordDecl& callbacks);

private:
    /// The annotated members of `record`, into `into`; `callbacks` allows notifications only.
    void map_members(const clang::CXXRecordDecl& record, std::vector<model::Method>& into, bool callbacks);
    void map_member(const clang::CXXMethodDecl& member, std::vector<model::Method>& into);
    /// Whether C++ lets the generated client override `member` and JSON-RPC carry it.
    bool is_mappable(const clang::CXXMethodDecl& member, bool notification);
    /// A leading `rpcforge::CallContext&`: the call's context, not a JSON parameter.
    bool is_context_parameter(const clang::ParmVarDecl& param) const;
    std::optional<model::Param> map_param(const clang::ParmVarDecl& param, const std::string& method_place);
    /// RPCFORGE_SUBSCRIPTION alone, on a method with a trailing rpcforge::Subscription<T>, and
    /// such a method marked so; diagnosed at the declaration.
    bool subscription_form_ok(const clang::CXXMethodDecl& member, const Annotations& annotations, bool takes_sink);
    /// The result of an asynchronous method: the T of its trailing rpcforge::Reply<T>.
    /// A coroutine method takes neither the call context nor references; reports each.
    bool check_coroutine(const clang::CXXMethodDecl& member, const model::Method& method);
    bool map_async_result(const clang::CXXMethodDecl& member, clang::QualType value, bool notification,
                          const std::string& place, model::Method& method);
    void split_doc_comment(const clang::Decl& decl, model::Method& method) const;

    const AstContext& context_;
    TypeMapper types_;
};

}  // namespace rpcforge::frontend::cpp
