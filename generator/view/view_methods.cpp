#include "view/view_parts.hpp"

#include "model/identifiers.hpp"

#include <set>

namespace rpcforge::view {

namespace {

/// Names generated adapters and clients use for their own locals and members.
const std::set<std::string>& reserved_names() {
    static const std::set<std::string> names{"in", "params", "args", "binding", "document", "channel_", "options_",
                                             "batch_", "service", "callbacks"};
    return names;
}

/// A parameter's C++ name: its own, unless generated code uses that name for a local or a member;
/// then a suffix sets it apart from those and from every name in `taken` (the method's other
/// parameters, and `method_names`: `context` where the method takes the call context, `reply`
/// where it answers through a Reply). Never a double underscore, which C++ reserves.
std::string param_cpp_name(const std::string& name, const std::set<std::string>& taken,
                           const std::set<std::string>& method_names) {
    auto is_reserved = [&](const std::string& candidate) {
        return reserved_names().count(candidate) || method_names.count(candidate);
    };
    if (!is_reserved(name)) return name;
    const std::string base = name + (name.back() == '_' ? "arg" : "_");
    std::string candidate = base;
    for (int n = 2; taken.count(candidate) || is_reserved(candidate); ++n) candidate = base + std::to_string(n);
    return candidate;
}

std::string pass(const std::string& type, bool by_value) {
    return by_value ? type : "const " + type + "&";
}

const char* param_structure(model::ParamStructure structure) {
    switch (structure) {
        case model::ParamStructure::by_name: return "by_name";
        case model::ParamStructure::by_position: return "by_position";
        case model::ParamStructure::either: return "either";
    }
    return "either";
}

/// `owned`: the implementation keeps its parameters (a coroutine does, across its waits), so
/// they are values, never references.
ParamView param_view(const model::Param& param, std::size_t index, const TypeTable& types, std::set<std::string>& taken,
                     const std::set<std::string>& method_names, bool owned) {
    ParamView view;
    view.cpp_name = param_cpp_name(param.name.cpp, taken, method_names);
    taken.insert(view.cpp_name);
    view.wire = escape_string(param.name.wire);
    view.index = std::to_string(index);
    view.value_type = cpp_type(param.type, types);
    const bool by_value = is_cheap_to_copy(param.type, types);
    const std::string optional = "std::optional<" + view.value_type + ">";
    const bool user_declared = !param.cpp_declared.empty();
    if (param.default_json) {
        view.is_required = false;
        view.has_default = true;
        view.default_value = cpp_default_value(*param.default_json, param.type, types);
        view.server_type = pass(view.value_type, by_value || owned);
        // The user's interface takes a plain value (its default argument applies through it), and
        // the client takes what the interface takes.
        view.client_may_omit = !user_declared;
        view.client_type = pass(user_declared ? view.value_type : optional, by_value);
    } else if (!param.required) {
        view.is_required = false;
        view.is_optional = true;
        view.client_may_omit = true;
        view.client_type = pass(optional, by_value);
        view.server_type = pass(optional, by_value || owned);
    } else {
        view.client_type = pass(view.value_type, by_value);
        view.server_type = pass(view.value_type, by_value || owned);
    }
    if (user_declared) view.server_type = param.cpp_declared;
    return view;
}

std::vector<ParamView> param_views(const model::Method& method, const TypeTable& types) {
    const auto& params = method.params;
    std::vector<ParamView> views;
    std::set<std::string> taken;
    for (const auto& param : params) taken.insert(param.name.cpp);
    std::set<std::string> method_names;
    if (method.takes_context) method_names.insert("context");
    if (method.is_async) method_names.insert("reply");
    // The completion token of the client's asynchronous form.
    if (!method.is_notification()) method_names.insert("token");
    if (method.is_subscription) method_names.insert("sink");
    for (std::size_t i = 0; i < params.size(); ++i)
        views.push_back(param_view(params[i], i, types, taken, method_names, method.is_coroutine));
    // C++ default arguments only for the trailing run of parameters that may be left out.
    for (auto it = views.rbegin(); it != views.rend() && it->client_may_omit; ++it) it->client_default = " = std::nullopt";
    if (!views.empty()) views.back().is_last = true;
    return views;
}

DocLines method_doc(const model::Method& method) {
    DocLines doc = doc_lines(method.summary, method.description);
    bool first = true;
    for (const auto& param : method.params) {
        if (param.description.empty()) continue;
        if (first && !doc.empty()) doc.push_back("///");
        first = false;
        for (const auto& line : doc_lines("`" + param.name.cpp + "`: " + param.description)) doc.push_back(line);
    }
    return doc;
}

/// A subscription's implementation keeps a trailing sink where an asynchronous method has its
/// reply; the subscription templates print the rest.
void subscription_view(const model::Method& method, MethodView& view) {
    const std::string comma = view.has_params || method.takes_context ? ", " : "";
    view.is_subscription = true;
    view.cpp_return_type = "void";
    view.reply_type = "rpcforge::Subscription<" + view.cpp_result_type + ">";
    view.reply_parameter = comma + view.reply_type + " sink";
    view.reply_argument = comma + view.reply_type + "(std::move(sink))";
}

}  // namespace

MethodView method_view(const model::Method& method, const model::Service& service, const TypeTable& index,
                       const std::string& receiver) {
    MethodView view;
    view.cpp_name = method.name.cpp;
    view.cpp_async_name = model::asynchronous_name(method.name.cpp);
    view.wire = escape_string(method.name.wire);
    view.doc = method_doc(method);
    view.is_notification = method.is_notification();
    view.cpp_result_type = method.result ? cpp_type(*method.result, index) : "void";
    view.takes_context = method.takes_context;
    view.is_async = method.is_async;
    view.is_coroutine = method.is_coroutine;
    view.cpp_return_type = method.is_async ? "void" : view.cpp_result_type;
    if (method.is_coroutine) {
        view.cpp_return_type = "boost::asio::awaitable<" + view.cpp_result_type + ">";
        view.reply_type = "rpcforge::Reply<" + view.cpp_result_type + ">";
    }
    view.params = param_views(method, index);
    for (auto& param : view.params)
        if (param.cpp_name == receiver) param.cpp_name += "_";
    view.has_params = !view.params.empty();
    if (method.is_async) {
        // What comes before the reply decides whether a comma does.
        const std::string comma = view.has_params || method.takes_context ? ", " : "";
        view.reply_type = "rpcforge::Reply<" + view.cpp_result_type + ">";
        view.reply_parameter = comma + view.reply_type + " reply";
        view.reply_argument = comma + view.reply_type + "(reply.state())";
    }
    std::string names;
    for (const auto& param : view.params) names += (names.empty() ? "\"" : ", \"") + param.wire + "\"";
    view.wire_names = "{" + names + "}";
    view.param_structure = param_structure(method.param_structure);
    for (const auto& name : method.errors)
        for (const auto& error : service.errors)
            if (error.name.cpp == name) view.errors.push_back({error.name.cpp});
    for (const auto& alias : method.aliases) view.aliases.push_back({escape_string(alias)});
    view.has_roles = !method.roles.empty();
    std::string roles;
    for (const auto& role : method.roles) roles += (roles.empty() ? "\"" : ", \"") + escape_string(role) + "\"";
    view.roles = "{" + roles + "}";
    view.is_idempotent = method.idempotent;
    if (method.is_subscription) subscription_view(method, view);
    return view;
}

}  // namespace rpcforge::view
