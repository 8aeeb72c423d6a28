#include "diff/diff.hpp"

#include <algorithm>

#include "diff/diff_types.hpp"

namespace rpcforge::diff {
namespace {

using model::Method;
using model::Param;
using model::ParamStructure;

const Method* method_named(const std::vector<Method>& methods, const std::string& wire) {
    auto found = std::find_if(methods.begin(), methods.end(), [&](const Method& m) { return m.name.wire == wire; });
    return found == methods.end() ? nullptr : &*found;
}

/// The method answering `wire` under its name or one of its aliases.
const Method* method_answering(const std::vector<Method>& methods, const std::string& wire) {
    for (const auto& method : methods)
        if (method.name.wire == wire || std::count(method.aliases.begin(), method.aliases.end(), wire)) return &method;
    return nullptr;
}

const Param* param_named(const Method& method, const std::string& wire, std::size_t* position = nullptr) {
    for (std::size_t i = 0; i < method.params.size(); ++i) {
        if (method.params[i].name.wire != wire) continue;
        if (position) *position = i;
        return &method.params[i];
    }
    return nullptr;
}

const model::ErrorDecl* error_named(const model::Service& service, const std::string& cpp) {
    for (const auto& error : service.errors)
        if (error.name.cpp == cpp) return &error;
    return nullptr;
}

bool by_position(ParamStructure structure) { return structure != ParamStructure::by_name; }
bool by_name(ParamStructure structure) { return structure != ParamStructure::by_position; }

/// The C++ a server implements for a method: its name, its parameters' types in order (as the
/// header spells them, for a service declared in C++), its result, how it answers. A change
/// means existing implementations no longer override it.
bool same_interface(const Method& before, const Method& after) {
    auto signature = [](const Method& m) {
        std::vector<std::pair<model::Type, bool>> params;
        for (const auto& p : m.params) params.emplace_back(p.type, p.required || p.default_json.has_value());
        return std::make_tuple(m.name.cpp, params, m.result, m.takes_context, m.is_async, m.is_coroutine, m.is_subscription);
    };
    return signature(before) == signature(after);
}

class Comparer {
public:
    Comparer(const model::Service& before, const model::Service& after, diagnostics::Sink& sink)
        : before_(before), after_(after), sink_(sink), types_(before, after, sink) {}

    void run() {
        for (const auto& method : before_.methods) compare_or_report_removed(method);
        for (const auto& method : after_.methods)
            if (!existed_before(method))
                sink_.warning(method.location,
                              "method '" + method.name.wire +
                                  "' is new: compatible for clients; existing servers must implement it");
        for (const auto& callback : before_.callbacks) {
            if (const Method* now = method_named(after_.callbacks, callback.name.wire))
                compare_callback(callback, *now);
            else
                sink_.note(callback.location, "callback '" + callback.name.wire +
                                                  "' is removed: compatible, existing clients no longer receive it");
        }
        for (const auto& callback : after_.callbacks)
            if (!method_named(before_.callbacks, callback.name.wire))
                sink_.note(callback.location,
                           "callback '" + callback.name.wire +
                               "' is new: compatible, existing clients pass over notifications they do not know");
    }

private:
    /// Whether existing clients could call `after` already, by its name or by one of its
    /// aliases (a method renamed that keeps its old name as an alias is not new).
    bool existed_before(const Method& after) const {
        if (method_answering(before_.methods, after.name.wire)) return true;
        return std::any_of(after.aliases.begin(), after.aliases.end(), [&](const std::string& alias) {
            return method_answering(before_.methods, alias) != nullptr;
        });
    }

    void compare_or_report_removed(const Method& before) {
        const Method* after = method_named(after_.methods, before.name.wire);
        if (after == nullptr) after = method_answering(after_.methods, before.name.wire);
        if (after == nullptr) {
            sink_.error(before.location, "method '" + before.name.wire +
                                             "' is removed: existing clients calling it get 'Method not found'");
            return;
        }
        if (after->name.wire != before.name.wire)
            sink_.note(after->location, "method '" + before.name.wire + "' is renamed '" + after->name.wire +
                                            "' and keeps its old name as an alias: compatible");
        compare_method(before, *after);
    }

    void compare_method(const Method& before, const Method& after) {
        const std::string what = "method '" + after.name.wire + "'";
        for (const auto& alias : before.aliases)
            if (!method_answering(after_.methods, alias))
                sink_.error(after.location, what + " no longer answers to its alias '" + alias +
                                                "': existing clients calling it get 'Method not found'");
        compare_structure(before, after, what);
        compare_params(before, after, what);
        compare_result(before, after, what);
        compare_errors(before, after, what);
        compare_roles(before, after, what);
        compare_idempotent(before, after, what);
        compare_subscription(before, after, what);
        if (!same_interface(before, after))
            sink_.warning(after.location, what + " changes its C++ signature: existing servers must be updated");
    }

    void compare_structure(const Method& before, const Method& after, const std::string& what) {
        if (by_name(before.param_structure) && !by_name(after.param_structure))
            sink_.error(after.location,
                        what + " no longer takes params by name: existing clients that name them are refused");
        if (by_position(before.param_structure) && !by_position(after.param_structure))
            sink_.error(after.location,
                        what + " no longer takes params by position: existing clients that send an array are refused");
    }

    void compare_params(const Method& before, const Method& after, const std::string& what) {
        const bool positional = by_position(before.param_structure) && by_position(after.param_structure);
        for (std::size_t i = 0; i < before.params.size(); ++i) {
            const Param& old_param = before.params[i];
            std::size_t position = 0;
            const Param* now = param_named(after, old_param.name.wire, &position);
            std::string param = "param '" + old_param.name.wire + "' of " + what;
            if (now == nullptr) {
                sink_.error(old_param.location, param + " is removed: existing clients that send it are refused");
                continue;
            }
            if (positional && position != i)
                sink_.error(now->location, param + " moves from position " + std::to_string(i + 1) + " to " +
                                               std::to_string(position + 1) +
                                               ": existing clients calling by position send it in the wrong place");
            if ((now->required && !now->default_json) && !old_param.required)
                sink_.error(now->location, param + " becomes required: existing clients may leave it out");
            types_.compare(old_param.type, now->type, Flow::to_server, param, now->location);
        }
        for (std::size_t i = 0; i < after.params.size(); ++i) {
            const Param& added = after.params[i];
            if (param_named(before, added.name.wire)) continue;
            std::string param = "param '" + added.name.wire + "' of " + what;
            if (added.required && !added.default_json)
                sink_.error(added.location, param + " is new and required: existing clients do not send it");
            else if (positional && i < before.params.size())
                sink_.error(added.location, param +
                                                " is new before existing params: existing clients calling by "
                                                "position send theirs in the wrong places");
            else
                sink_.note(added.location, param + " is new and optional: compatible");
        }
    }

    void compare_result(const Method& before, const Method& after, const std::string& what) {
        if (before.result && !after.result) {
            sink_.error(after.location,
                        what + " becomes a notification: existing clients wait for an answer that never comes");
        } else if (!before.result && after.result) {
            sink_.note(after.location,
                       what + " now has a result: compatible, existing clients send it as a notification");
        } else if (before.result) {
            types_.compare(*before.result, *after.result, Flow::to_client, "the result of " + what, after.location);
        }
    }

    void compare_errors(const Method& before, const Method& after, const std::string& what) {
        for (const auto& name : after.errors) {
            const auto* now = error_named(after_, name);
            const auto* old =
                std::count(before.errors.begin(), before.errors.end(), name) ? error_named(before_, name) : nullptr;
            if (now == nullptr) continue;
            if (old == nullptr) {
                sink_.note(now->location, what + " declares the error " + now->name.wire + " (" +
                                              std::to_string(now->code) +
                                              "): compatible, existing clients see it as an undeclared error");
                continue;
            }
            std::string error = "the error " + now->name.wire + " of " + what;
            if (old->code != now->code)
                sink_.error(now->location, error + " changes its code from " + std::to_string(old->code) + " to " +
                                               std::to_string(now->code) + ": existing clients no longer recognise it");
            if (old->data && now->data)
                types_.compare(*old->data, *now->data, Flow::to_client, "the data of " + error, now->location);
            if (!old->data && now->data)
                sink_.note(now->location, error + " now carries data: compatible, existing clients pass it over");
        }
    }

    void compare_roles(const Method& before, const Method& after, const std::string& what) {
        // Roles are "one of": an empty list lets everyone call; more roles let more callers in.
        bool narrowed =
            !after.roles.empty() &&
            (before.roles.empty() || std::any_of(before.roles.begin(), before.roles.end(), [&](const auto& role) {
                 return !std::count(after.roles.begin(), after.roles.end(), role);
             }));
        if (narrowed)
            sink_.error(after.location,
                        what + " admits fewer callers: existing clients without one of its roles are refused");
    }

    /// Existing clients mark the calls of a method declared idempotent, and a channel that fails
    /// over sends them again when the answer is lost: once the method is no longer idempotent,
    /// that may run it twice. (A method that becomes a notification is reported as such.)
    void compare_idempotent(const Method& before, const Method& after, const std::string& what) {
        if (before.idempotent && !after.idempotent && !after.is_notification())
            sink_.error(after.location, what + " is no longer idempotent: existing clients may send it again "
                                               "when failing over, running it twice");
        else if (!before.idempotent && after.idempotent)
            sink_.note(after.location, what + " becomes idempotent: compatible, existing clients do not send it "
                                              "again; clients generated anew do");
    }

    /// A subscription answers with an id and sends items; a plain method answers with its result.
    /// Existing clients read the answer as the form they were generated for, either way.
    void compare_subscription(const Method& before, const Method& after, const std::string& what) {
        if (before.is_subscription && !after.is_subscription && !after.is_notification())
            sink_.error(after.location, what + " is no longer a subscription: existing clients read its answer as a "
                                               "subscription's id and wait for items that never come");
        else if (!before.is_subscription && after.is_subscription)
            sink_.error(after.location, what + " becomes a subscription: existing clients read its id as their result, "
                                               "and its items reach no stream");
    }

    /// A callback is the other way round: the new server writes its params, existing clients read them.
    void compare_callback(const Method& before, const Method& after) {
        const std::string what = "callback '" + after.name.wire + "'";
        for (const auto& param : after.params) {
            std::string place = "param '" + param.name.wire + "' of " + what;
            const Param* old = param_named(before, param.name.wire);
            if (old == nullptr)
                sink_.error(param.location, place + " is new: existing clients refuse a param they do not know");
            else
                types_.compare(old->type, param.type, Flow::to_client, place, param.location);
        }
        for (const auto& old : before.params)
            if (!param_named(after, old.name.wire) && old.required && !old.default_json)
                sink_.error(old.location,
                            "param '" + old.name.wire + "' of " + what + " is removed: existing clients need it");
    }

    const model::Service& before_;
    const model::Service& after_;
    diagnostics::Sink& sink_;
    TypeComparer types_;
};

}  // namespace

void compare(const model::Service& before, const model::Service& after, diagnostics::Sink& sink) {
    Comparer(before, after, sink).run();
}

}  // namespace rpcforge::diff
