// Methods: parameter order, declared errors, error codes, roles.

#include "check/check_parts.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace rpcforge::check::detail {

namespace {

/// By position, a parameter can only be left out from the end: an optional one before a
/// required one could never be left out. (OpenRPC asks the same of every params list.)
void check_param_order(const model::Method& method, diagnostics::Sink& sink) {
    if (method.param_structure == model::ParamStructure::by_name) return;
    const model::Param* optional = nullptr;
    for (const auto& param : method.params) {
        if (!param.required) {
            if (!optional) optional = &param;
            continue;
        }
        if (!optional) continue;
        sink.error(param.location, "required parameter '" + param.name.wire + "' of method '" + method.name.wire +
                                       "' comes after the optional parameter '" + optional->name.wire +
                                       "', which calls by position could then never leave out");
    }
}

void check_method_errors(const model::Method& method, const char* kind, const model::Service& service,
                         diagnostics::Sink& sink) {
    std::string what = std::string(kind) + " '" + method.name.wire + "'";
    for (const auto& name : method.errors) {
        bool declared = std::any_of(service.errors.begin(), service.errors.end(),
                                    [&](const model::ErrorDecl& error) { return error.name.cpp == name; });
        if (!declared) sink.error(method.location, what + " refers to the error '" + name + "', which is not declared");
    }
    if (method.is_notification() && !method.errors.empty()) {
        sink.warning(method.location, what + " is a notification and declares errors, which it can never receive");
    }
}

/// The client turns an error code into its exception class: a code must say which.
void check_error_codes(const model::Service& service, diagnostics::Sink& sink) {
    const auto& errors = service.errors;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const model::ErrorDecl& error = errors[i];
        std::string what = "error '" + error.name.wire + "'";
        if (error.code >= -32768 && error.code <= -32100) {
            sink.warning(error.location, "the code " + std::to_string(error.code) + " of " + what +
                                             " is reserved by JSON-RPC 2.0 for its own errors");
        }
        for (std::size_t j = 0; j < i; ++j) {
            const model::ErrorDecl& other = errors[j];
            if (other.code != error.code) continue;
            std::string both = what + " and error '" + other.name.wire + "' at " + place(other.location) +
                               " have the same code " + std::to_string(error.code);
            if (other.message != error.message)
                sink.error(error.location, both + " but different messages");
            else
                sink.warning(error.location, both + " and message; a client cannot tell them apart");
            break;
        }
    }
}

/// Roles are words compared as they are written: a blank, a space or a repeat is a mistake.
void check_roles(const model::Method& method, diagnostics::Sink& sink) {
    std::set<std::string> seen;
    for (const auto& role : method.roles) {
        bool has_space = role.find_first_of(" \t\r\n") != std::string::npos;
        if (role.empty() || has_space)
            sink.error(method.location, "method '" + method.name.wire + "' names the role '" + role +
                                            "': a role is a non-empty word without spaces");
        else if (!seen.insert(role).second)
            sink.error(method.location, "method '" + method.name.wire + "' names the role '" + role + "' twice");
    }
}

}  // namespace

void check_methods(const model::Service& service, diagnostics::Sink& sink) {
    for (const auto& method : service.methods) {
        check_param_order(method, sink);
        check_method_errors(method, "method", service, sink);
        check_roles(method, sink);
    }
    for (const auto& callback : service.callbacks) {
        if (callback.result) {
            sink.error(callback.location, "callback '" + callback.name.wire +
                                              "' has a result, but callbacks are notifications from the server");
        }
        if (!callback.roles.empty()) {
            sink.error(callback.location, "callback '" + callback.name.wire +
                                              "' has roles, but callbacks run on the client, which checks none");
        }
        check_param_order(callback, sink);
        check_method_errors(callback, "callback", service, sink);
    }
    check_error_codes(service, sink);
}

}  // namespace rpcforge::check::detail
