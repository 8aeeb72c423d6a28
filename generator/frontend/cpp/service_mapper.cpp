#include "frontend/cpp/service_mapper.hpp"

#include "frontend/cpp/annotations.hpp"
#include "frontend/cpp/default_values.hpp"

#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>

#include <set>

namespace rpcforge::frontend::cpp {
namespace {

std::string upper_first(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

/// "get_stats" -> "GetStats": the start of names for types written inline in a signature.
std::string pascal_case(const std::string& name) {
    std::string out;
    bool upper = true;
    for (char c : name) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? upper_first(std::string(1, c)) : std::string(1, c);
        upper = false;
    }
    return out;
}

/// `std::nullopt` or `{}`, however wrapped in conversions.
bool is_empty_optional(const clang::Expr& value) {
    const auto* inner = literal_inside(&value);
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(inner)) return construct->getNumArgs() == 0;
    if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(inner)) return list->getNumInits() == 0;
    const auto* record = inner->getType()->getAsCXXRecordDecl();
    return record && record->isInStdNamespace() && record->getName() == "nullopt_t";
}

/// Whether `type`, its references and cv-qualifiers aside, is rpcforge::CallContext.
bool names_call_context(clang::QualType type) {
    const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
    return record != nullptr && record->getQualifiedNameAsString() == "rpcforge::CallContext";
}

/// The first template argument of `type` when it is a specialisation of `template_name`: the T
/// of `rpcforge::Reply<T>` (an asynchronous method's trailing parameter), of
/// `rpcforge::Subscription<T>` (a subscription's) or of `boost::asio::awaitable<T>` (a
/// coroutine's result); nothing for any other type.
std::optional<clang::QualType> template_argument(clang::QualType type, const std::string& template_name) {
    type = type.getNonReferenceType();
    const auto* specialization = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
    if (specialization == nullptr || specialization->getQualifiedNameAsString() != template_name) return std::nullopt;
    // The argument as the user wrote it (std::int64_t, std::string), which generated code
    // spells; the specialisation's own is canonical (long, std::basic_string<char, ...>).
    if (const auto* written = type->getAs<clang::TemplateSpecializationType>())
        return written->template_arguments()[0].getAsType();
    return specialization->getTemplateArgs()[0].getAsType();
}

std::optional<clang::QualType> reply_value_type(clang::QualType type) { return template_argument(type, "rpcforge::Reply"); }
std::optional<clang::QualType> subscription_item_type(clang::QualType type) {
    return template_argument(type, "rpcforge::Subscription");
}
std::optional<clang::QualType> awaited_type(clang::QualType type) {
    return template_argument(type, "boost::asio::awaitable");
}

/// Annotations with the rpcforge prefix that no macro makes, or that mean nothing where they are.
void report_misplaced(const AstContext& context, const clang::Decl& decl, const Annotations& annotations, bool is_rpc_member) {
    for (const auto& unknown : annotations.unknown) {
        context.error(decl.getLocation(), "unknown annotation 'rpcforge:" + unknown + "' (see rpcforge/annotations.hpp)");
    }
    if (!is_rpc_member && (annotations.wire_name || !annotations.aliases.empty())) {
        context.error(decl.getLocation(), "RPCFORGE_NAME and RPCFORGE_ALIAS name methods: mark this one RPCFORGE_METHOD or RPCFORGE_NOTIFICATION");
    }
    if (!is_rpc_member && !annotations.roles.empty()) {
        context.error(decl.getLocation(), "RPCFORGE_ROLE guards methods: mark this one RPCFORGE_METHOD or RPCFORGE_NOTIFICATION");
    }
    if (!is_rpc_member && annotations.subscription) {
        context.error(decl.getLocation(), "RPCFORGE_SUBSCRIPTION marks virtual member functions");
    }
    if (!is_rpc_member && annotations.idempotent) {
        context.error(decl.getLocation(), "RPCFORGE_IDEMPOTENT marks methods: mark this one RPCFORGE_METHOD");
    }
}

}  // namespace

void ServiceMapper::map(const clang::CXXRecordDecl& service) {
    auto& out = context_.service();
    const auto annotations = read_annotations(service);
    out.name = {service.getNameAsString(), service.getNameAsString()};
    out.title = service.getNameAsString();
    out.version = annotations.version.value_or("1.0.0");
    out.description = context_.doc_comment(service);
    out.cpp_declared = service.getQualifiedNameAsString();
    out.location = context_.location(service.getLocation());
    report_misplaced(context_, service, annotations, false);
    if (service.getDescribedClassTemplate()) {
        context_.error(service.getLocation(), "service '" + out.name.cpp + "' is a class template: a service must be one concrete interface");
        return;
    }
    map_members(service, out.methods, false);
}

void ServiceMapper::map_callbacks(const clang::CXXRecordDecl& callbacks) {
    auto& out = context_.service();
    out.callbacks_cpp_declared = callbacks.getQualifiedNameAsString();
    report_misplaced(context_, callbacks, read_annotations(callbacks), false);
    if (callbacks.getDescribedClassTemplate()) {
        context_.error(callbacks.getLocation(), "callbacks '" + callbacks.getNameAsString() +
                                                    "' are a class template: clients implement one concrete interface");
        return;
    }
    map_members(callbacks, out.callbacks, true);
}

void ServiceMapper::map_members(const clang::CXXRecordDecl& record, std::vector<model::Method>& into, bool callbacks) {
    std::set<std::string> seen;
    for (const auto* member : record.methods()) {
        if (member->isImplicit() || llvm::isa<clang::CXXConstructorDecl>(member) || llvm::isa<clang::CXXDestructorDecl>(member)) continue;
        const auto member_annotations = read_annotations(*member);
        report_misplaced(context_, *member, member_annotations, member_annotations.is_rpc());
        for (const auto* param : member->parameters()) report_misplaced(context_, *param, read_annotations(*param), false);
        if (!member_annotations.is_rpc()) {
            if (member->isPure()) {
                context_.error(member->getLocation(), "'" + member->getNameAsString() + "' is pure virtual but not marked RPCFORGE_METHOD or "
                                                      "RPCFORGE_NOTIFICATION: the generated client could not implement the interface");
            }
            continue;
        }
        if (callbacks && member_annotations.subscription) {
            context_.error(member->getLocation(), "'" + member->getNameAsString() + "' is marked RPCFORGE_SUBSCRIPTION, but "
                                                  "callbacks are notifications from the server: mark it RPCFORGE_NOTIFICATION");
            continue;
        }
        if (callbacks && member_annotations.method) {
            context_.error(member->getLocation(), "'" + member->getNameAsString() + "' is marked RPCFORGE_METHOD, but callbacks are "
                                                  "notifications from the server: mark it RPCFORGE_NOTIFICATION");
            continue;
        }
        if (!seen.insert(member->getNameAsString()).second) {
            context_.error(member->getLocation(), "'" + member->getNameAsString() + "' is overloaded: JSON-RPC tells methods apart by name alone");
            continue;
        }
        map_member(*member, into);
    }
    // Member function templates are not in methods(); they cannot be RPC methods either.
    for (const auto* decl : record.decls()) {
        const auto* function_template = llvm::dyn_cast<clang::FunctionTemplateDecl>(decl);
        if (function_template && read_annotations(*function_template->getTemplatedDecl()).is_rpc()) {
            context_.error(function_template->getLocation(), "'" + function_template->getNameAsString() +
                                                                 "' is a template: an RPC method has one signature");
        }
    }
}

void ServiceMapper::map_member(const clang::CXXMethodDecl& member, std::vector<model::Method>& into) {
    const auto annotations = read_annotations(member);
    const bool notification = annotations.notification;
    const auto& all_params = member.parameters();
    const bool takes_sink = !all_params.empty() && subscription_item_type(all_params.back()->getType());
    if (!subscription_form_ok(member, annotations, takes_sink) || !is_mappable(member, notification)) return;
    model::Method method;
    const std::string name = member.getNameAsString();
    method.name = {annotations.wire_name.value_or(name), name};
    method.aliases = annotations.aliases;
    method.roles = annotations.roles;
    method.location = context_.location(member.getLocation());
    if (annotations.idempotent && notification) {
        // Failover sends a call again when its answer is lost; a notification has none to lose.
        context_.error(member.getLocation(), "'" + name + "' is a notification, which is never sent again (it has no "
                                             "answer to lose): RPCFORGE_IDEMPOTENT marks methods");
    } else {
        method.idempotent = annotations.idempotent;
    }
    split_doc_comment(member, method);
    const std::string place = pascal_case(name);
    bool ok = true;
    auto params = member.parameters();
    if (!params.empty() && is_context_parameter(*params.front())) {
        method.takes_context = true;
        params = params.drop_front();
    }
    std::optional<clang::QualType> replies_with;
    std::optional<clang::QualType> streams;
    if (!params.empty() && (replies_with = reply_value_type(params.back()->getType()))) {
        method.is_async = true;
        params = params.drop_back();
    } else if (!params.empty() && (streams = subscription_item_type(params.back()->getType()))) {
        params = params.drop_back();
    }
    method.is_subscription = annotations.subscription;
    const auto awaited = awaited_type(member.getReturnType());
    method.is_coroutine = awaited.has_value();
    if (method.is_coroutine) ok = check_coroutine(member, method) && ok;
    for (const auto* param : params) {
        auto mapped = map_param(*param, place);
        ok = ok && mapped;
        if (mapped) method.params.push_back(std::move(*mapped));
    }
    if (method.is_async) {
        ok = map_async_result(member, *replies_with, notification, place, method) && ok;
    } else if (streams) {
        auto item = types_.map(*streams, member.parameters().back()->getLocation(), place + "Item");
        ok = ok && item;
        method.result = std::move(item);
    } else if (method.is_coroutine) {
        if (!notification) {
            method.result = types_.map(*awaited, member.getReturnTypeSourceRange().getBegin(), place + "Result");
            ok = ok && method.result;
        }
    } else if (!notification) {
        auto result = types_.map(member.getReturnType(), member.getReturnTypeSourceRange().getBegin(), place + "Result");
        ok = ok && result;
        method.result = std::move(result);
    }
    if (ok) into.push_back(std::move(method));
}

bool ServiceMapper::check_coroutine(const clang::CXXMethodDecl& member, const model::Method& method) {
    bool ok = true;
    if (method.takes_context) {
        context_.error(member.parameters().front()->getLocation(),
                       "a coroutine cannot take the call context: it is valid only until the coroutine first waits");
        ok = false;
    }
    for (const auto* param : member.parameters()) {
        if (!param->getType()->isReferenceType() || is_context_parameter(*param)) continue;
        context_.error(param->getLocation(), "a coroutine keeps its parameters while it waits: take '" +
                                                 param->getNameAsString() + "' by value (a reference would dangle)");
        ok = false;
    }
    return ok;
}

bool ServiceMapper::subscription_form_ok(const clang::CXXMethodDecl& member, const Annotations& annotations,
                                         bool takes_sink) {
    const std::string name = member.getNameAsString();
    auto refuse = [&](const std::string& why) {
        context_.error(member.getLocation(), "'" + name + "' " + why);
        return false;
    };
    if (annotations.subscription && (annotations.method || annotations.notification))
        return refuse("is marked RPCFORGE_SUBSCRIPTION and RPCFORGE_METHOD or RPCFORGE_NOTIFICATION: a subscription is "
                      "marked RPCFORGE_SUBSCRIPTION alone");
    if (annotations.subscription && !takes_sink)
        return refuse("is marked RPCFORGE_SUBSCRIPTION: it takes a trailing 'rpcforge::Subscription<T>', T the type of "
                      "its items, and returns void");
    if (!annotations.subscription && takes_sink)
        return refuse("takes an 'rpcforge::Subscription<T>': mark it RPCFORGE_SUBSCRIPTION, alone");
    return true;
}

bool ServiceMapper::map_async_result(const clang::CXXMethodDecl& member, clang::QualType value, bool notification,
                                     const std::string& place, model::Method& method) {
    const auto where = member.parameters().back()->getLocation();
    if (notification) {
        if (value->isVoidType()) return true;
        context_.error(where, "a notification has no result: it answers through 'rpcforge::Reply<void>'");
        return false;
    }
    if (value->isVoidType()) {
        context_.error(where, "'rpcforge::Reply<void>' is for notifications: a method answers with a value");
        return false;
    }
    auto result = types_.map(value, where, place + "Result");
    method.result = std::move(result);
    return method.result.has_value();
}

bool ServiceMapper::is_mappable(const clang::CXXMethodDecl& member, bool notification) {
    const std::string name = member.getNameAsString();
    auto refuse = [&](const std::string& why) {
        context_.error(member.getLocation(), "'" + name + "' " + why);
        return false;
    };
    if (member.isStatic()) return refuse("is static: an RPC method is a virtual member function");
    if (!member.isVirtual()) return refuse("is not virtual: the generated client implements the interface by overriding it");
    if (member.getAccess() != clang::AS_public) return refuse("is not public: generated code calls it");
    if (member.isConst() || member.getRefQualifier() != clang::RQ_None) return refuse("is const or ref-qualified: RPC methods are plain member functions");
    if (member.isVariadic()) return refuse("is variadic: JSON-RPC parameters are named and counted");
    const auto* prototype = member.getType()->getAs<clang::FunctionProtoType>();
    if (prototype && prototype->hasExceptionSpec() && prototype->isNothrow()) {
        return refuse("is noexcept: a remote call can always fail (the connection, a timeout)");
    }
    const bool returns_void = member.getReturnType()->isVoidType();
    const auto params = member.parameters();
    if (const auto awaited = awaited_type(member.getReturnType())) {
        if (!params.empty() && reply_value_type(params.back()->getType()))
            return refuse("is a coroutine and takes an rpcforge::Reply: a coroutine answers with what it co_returns");
        if (!params.empty() && subscription_item_type(params.back()->getType()))
            return refuse("is a coroutine and takes an rpcforge::Subscription: a subscription returns void and sends "
                          "through its sink (which a coroutine of its own may feed)");
        if (notification && !(*awaited)->isVoidType())
            return refuse("is a notification coroutine: it returns boost::asio::awaitable<void>");
        if (!notification && (*awaited)->isVoidType())
            return refuse("returns boost::asio::awaitable<void>: mark it RPCFORGE_NOTIFICATION, or co_return a value");
        return true;
    }
    if (!params.empty() && reply_value_type(params.back()->getType())) {
        if (!returns_void) return refuse("answers through its rpcforge::Reply: it must return void");
        return true;
    }
    if (!params.empty() && subscription_item_type(params.back()->getType())) {
        if (!returns_void) return refuse("sends its items through its rpcforge::Subscription: it must return void");
        return true;
    }
    if (notification && !returns_void) return refuse("is a notification but returns a value: a notification gets no answer");
    if (!notification && returns_void) {
        return refuse("returns void: mark it RPCFORGE_NOTIFICATION to send it without an answer, or return a value");
    }
    return true;
}

bool ServiceMapper::is_context_parameter(const clang::ParmVarDecl& param) const {
    const clang::QualType type = param.getType();
    return type->isLValueReferenceType() && !type->getPointeeType().isConstQualified() && names_call_context(type);
}

std::optional<model::Param> ServiceMapper::map_param(const clang::ParmVarDecl& param, const std::string& method_place) {
    const std::string name = param.getNameAsString();
    const auto where = param.getLocation();
    if (names_call_context(param.getType())) {
        context_.error(where, "the call context must be the first parameter, as 'rpcforge::CallContext&'");
        return std::nullopt;
    }
    if (reply_value_type(param.getType())) {
        context_.error(where, "the reply must be the last parameter, as 'rpcforge::Reply<T>'");
        return std::nullopt;
    }
    if (subscription_item_type(param.getType())) {
        context_.error(where, "the subscription's sink must be the last parameter, as 'rpcforge::Subscription<T>'");
        return std::nullopt;
    }
    if (name.empty()) {
        context_.error(param.getBeginLoc(), "parameter " + std::to_string(param.getFunctionScopeIndex() + 1) +
                                                " has no name: JSON-RPC parameters are known by name");
        return std::nullopt;
    }
    clang::QualType type = param.getType();
    if (type->isReferenceType()) {
        const auto referred = type->getPointeeType();
        if (type->isRValueReferenceType() || !referred.isConstQualified()) {
            context_.error(where, "parameter '" + name + "' is a non-const reference: RPC parameters are input only; "
                                  "take it by value or by const reference");
            return std::nullopt;
        }
        type = referred;
    }
    auto mapped = types_.map(type, where, method_place + pascal_case(name));
    if (!mapped) return std::nullopt;
    model::Param out;
    out.name = {name, name};
    out.cpp_declared = context_.spelling(param.getType());
    out.location = context_.location(where);
    out.description = read_annotations(param).doc.value_or("");
    const bool optional = mapped->kind == model::Type::Kind::optional;
    if (optional) {  // std::optional<T>: may be left out
        out.required = false;
        model::Type inner = mapped->args[0];  // copied out first: it lives inside *mapped
        mapped = std::move(inner);
    }
    const bool has_default = param.hasDefaultArg() && !param.hasUnparsedDefaultArg() && !param.hasUninstantiatedDefaultArg();
    if (has_default && optional && !is_empty_optional(*param.getDefaultArg())) {
        // Left out, a std::optional parameter is empty on both sides; any other default would
        // mean one thing to a C++ caller and another on the wire.
        context_.error(param.getDefaultArg()->getBeginLoc(),
                       "the default of std::optional parameter '" + name + "' must be std::nullopt: left out, it is empty");
        return std::nullopt;
    }
    if (has_default && !optional) {
        auto value = default_json(context_, *param.getDefaultArg(), *mapped);
        if (!value) return std::nullopt;
        out.required = false;
        out.default_json = std::move(value);
    }
    out.type = std::move(*mapped);
    return out;
}

void ServiceMapper::split_doc_comment(const clang::Decl& decl, model::Method& method) const {
    // The first paragraph is the summary, the rest the description, as OpenRPC has them.
    const std::string text = context_.doc_comment(decl);
    const auto blank_line = text.find("\n\n");
    method.summary = text.substr(0, blank_line);
    for (auto& c : method.summary) {
        if (c == '\n') c = ' ';
    }
    if (blank_line != std::string::npos) method.description = text.substr(text.find_first_not_of('\n', blank_line));
}

}  // namespace rpcforge::frontend::cpp
