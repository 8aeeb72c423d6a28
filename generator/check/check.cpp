#include "check/check.hpp"

#include "check/check_parts.hpp"

namespace rpcforge::check {

namespace detail {

std::string place(const model::SourceLocation& location) {
    std::string text = location.file.empty() ? "?" : location.file;
    if (location.line > 0) {
        text += ":" + std::to_string(location.line);
        if (location.column > 0) text += ":" + std::to_string(location.column);
    } else if (!location.pointer.empty()) {
        text += " " + location.pointer;
    }
    return text;
}

}  // namespace detail

void check(const model::Service& service, diagnostics::Sink& sink) {
    model::TypeTable types(service);
    detail::check_names(service, sink);
    detail::check_types(service, types, sink);
    detail::check_recursion(service, types, sink);
    detail::check_methods(service, sink);
    detail::check_subscriptions(service, sink);
    detail::check_defaults(service, types, sink);
}

}  // namespace rpcforge::check
