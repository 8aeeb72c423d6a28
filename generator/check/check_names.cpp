// Names: usable C++ identifiers, and no two nodes of one scope with the same wire or C++ name.

#include "check/check_parts.hpp"
#include "model/identifiers.hpp"

#include <vector>

namespace rpcforge::check::detail {

namespace {

/// A named node of one scope, e.g. {"field 'x'", {x, x}, where}.
struct Named {
    std::string what;
    model::Name name;
    model::SourceLocation location;
};

std::string quoted(const std::string& kind, const model::Name& name) { return kind + " '" + name.wire + "'"; }

/// `what` at `location`, and, when the place differs, ` at <the other place>`.
std::string elsewhere(const Named& other, const model::SourceLocation& location, const char* form) {
    if (other.location == location) return "";
    return std::string(form) + place(other.location);
}

void report_clash(const Named& item, const Named& first, diagnostics::Sink& sink) {
    if (item.what == first.what) {
        std::string also = elsewhere(first, item.location, " (also at ");
        sink.error(item.location, item.what + " is declared twice" + (also.empty() ? "" : also + ")"));
    } else if (item.name.cpp == first.name.cpp) {
        sink.error(item.location, item.what + " and " + first.what + elsewhere(first, item.location, " at ") +
                                      " both have the C++ name '" + item.name.cpp + "'");
    } else {
        sink.error(item.location,
                   item.what + " and " + first.what + elsewhere(first, item.location, " at ") + " have the same name");
    }
}

/// Reports each item whose wire or C++ name an earlier one has, and unusable C++ names.
void check_scope(const std::vector<Named>& items, diagnostics::Sink& sink) {
    std::map<std::string, std::size_t> by_wire;
    std::map<std::string, std::size_t> by_cpp;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Named& item = items[i];
        if (!model::is_usable_identifier(item.name.cpp)) {
            sink.error(item.location,
                       item.what + " has the C++ name '" + item.name.cpp + "', which is not a usable identifier");
        }
        auto cpp = by_cpp.find(item.name.cpp);
        auto wire = by_wire.find(item.name.wire);
        if (cpp != by_cpp.end())
            report_clash(item, items[cpp->second], sink);
        else if (wire != by_wire.end())
            report_clash(item, items[wire->second], sink);
        by_cpp.emplace(item.name.cpp, i);
        by_wire.emplace(item.name.wire, i);
    }
}

std::string kind_of(const model::TypeDecl& declaration) {
    if (std::holds_alternative<model::Struct>(declaration)) return "struct";
    if (std::holds_alternative<model::Enum>(declaration)) return "enum";
    return "variant";
}

/// Types and errors are classes of one namespace, beside the service's own two classes.
void check_class_names(const model::Service& service, diagnostics::Sink& sink) {
    std::vector<Named> classes;
    classes.push_back({"the service class '" + service.name.cpp + "'", service.name, service.location});
    model::Name client{service.name.wire + "Client", service.name.cpp + "Client"};
    classes.push_back({"the client class '" + client.cpp + "'", client, service.location});
    for (const auto& declaration : service.types) {
        std::visit(
            [&](const auto& d) {
                classes.push_back({quoted(kind_of(declaration), d.name), d.name, d.location});
            },
            declaration);
    }
    for (const auto& error : service.errors)
        classes.push_back({quoted("error", error.name), error.name, error.location});
    check_scope(classes, sink);
}

void check_members(const model::Service& service, diagnostics::Sink& sink) {
    for (const auto& declaration : service.types) {
        std::vector<Named> members;
        if (const auto* s = std::get_if<model::Struct>(&declaration)) {
            for (const auto& field : s->fields)
                members.push_back({quoted("field", field.name), field.name, field.location});
        } else if (const auto* e = std::get_if<model::Enum>(&declaration)) {
            for (const auto& value : e->values) {
                members.push_back({quoted("value", value) + " of enum '" + e->name.wire + "'", value, e->location});
            }
        }
        check_scope(members, sink);
    }
}

void check_method_names(const std::vector<model::Method>& methods, const char* kind, diagnostics::Sink& sink) {
    std::vector<Named> named;
    for (const auto& method : methods) named.push_back({quoted(kind, method.name), method.name, method.location});
    check_scope(named, sink);
    // Aliases are wire names only: the same C++ function answers them.
    std::map<std::string, std::string> wire_names;  // name -> what has it
    std::map<std::string, const model::SourceLocation*> places;
    for (const auto& method : methods) {
        wire_names.emplace(method.name.wire, quoted(kind, method.name));
        places.emplace(method.name.wire, &method.location);
    }
    for (const auto& method : methods) {
        for (const auto& alias : method.aliases) {
            std::string what = "alias '" + alias + "' of " + quoted(kind, method.name);
            auto [taken, fresh] = wire_names.emplace(alias, what);
            if (!fresh) {
                sink.error(method.location,
                           what + " is also the name of " + taken->second + " at " + place(*places.at(alias)));
            } else {
                places.emplace(alias, &method.location);
            }
        }
        std::vector<Named> params;
        for (const auto& param : method.params)
            params.push_back({quoted("parameter", param.name), param.name, param.location});
        check_scope(params, sink);
    }
}

/// JSON-RPC 2.0 keeps names beginning with "rpc." for itself (rpc.discover is answered by
/// the server); a client method `x_async` would meet the asynchronous variant of `x`.
void check_reserved_method_names(const std::vector<model::Method>& methods, const char* kind, diagnostics::Sink& sink) {
    std::map<std::string, const model::Method*> by_asynchronous_name;
    for (const auto& method : methods) by_asynchronous_name.emplace(model::asynchronous_name(method.name.cpp), &method);
    for (const auto& method : methods) {
        std::vector<std::string> wire_names = method.aliases;
        wire_names.insert(wire_names.begin(), method.name.wire);
        for (const auto& name : wire_names) {
            if (!name.starts_with("rpc.")) continue;
            sink.error(method.location, "the name '" + name + "' of " + quoted(kind, method.name) +
                                            " is reserved: JSON-RPC 2.0 keeps names beginning with 'rpc.' for itself");
        }
        auto synchronous = by_asynchronous_name.find(method.name.cpp);
        if (synchronous != by_asynchronous_name.end()) {
            sink.error(method.location, "the C++ name '" + method.name.cpp + "' of " + quoted(kind, method.name) +
                                            " is that of the asynchronous variant of " +
                                            quoted(kind, synchronous->second->name) + " at " +
                                            place(synchronous->second->location));
        }
    }
}

}  // namespace

void check_names(const model::Service& service, diagnostics::Sink& sink) {
    check_class_names(service, sink);
    check_members(service, sink);
    check_method_names(service.methods, "method", sink);
    check_method_names(service.callbacks, "callback", sink);
    check_reserved_method_names(service.methods, "method", sink);
    check_reserved_method_names(service.callbacks, "callback", sink);
}

}  // namespace rpcforge::check::detail
