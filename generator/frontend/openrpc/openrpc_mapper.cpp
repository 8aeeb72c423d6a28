#include "frontend/openrpc/openrpc_mapper.hpp"

#include "frontend/openrpc/json_pointer.hpp"
#include "frontend/openrpc/mapping_context.hpp"
#include "frontend/openrpc/type_mapper.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace rpcforge::frontend::openrpc {

namespace {

/// A value that may be a Reference object, and what it refers to.
struct Resolved {
    const Json* value;
    std::string pointer;
};

class DocumentMapper {
public:
    explicit DocumentMapper(MappingContext& context) : context_(context), types_(context) {}
    void run();

private:
    void map_info();
    void reserve_error_names();
    void map_component_errors();
    model::Method map_method(const Json& method, const std::string& pointer, bool callback);
    void map_idempotent(const Json& json, const std::string& pointer, bool callback, model::Method& method) const;
    void map_subscription(const Json& json, const std::string& pointer, bool callback, model::Method& method) const;
    std::optional<model::Param> map_param(const Json& use, const std::string& pointer, const std::string& prefix);
    model::Type map_result(const Json& use, const std::string& pointer, const std::string& prefix);
    std::optional<std::string> map_error(const Json& use, const std::string& pointer);
    std::string declare_error(const Json& error, const std::string& pointer);
    const Json& rpcforge_members(const Json& error, const std::string& pointer) const;
    std::string rpcforge_members_pointer(const std::string& pointer) const;
    void check_error_extensions() const;
    const Json* data_schema(const Json& error, const std::string& pointer) const;
    std::string error_identity(const Json& error, const std::string& pointer) const;
    std::string error_name(const Json& error);
    std::optional<Resolved> resolve(const Json& use, const std::string& pointer, const std::string& section,
                                    const std::string& what) const;

    MappingContext& context_;
    TypeMapper types_;
    std::map<std::string, model::Name> component_error_names_;  ///< by pointer
    std::map<std::string, std::string> errors_by_identity_;     ///< code, message, data -> cpp name
};

void DocumentMapper::run() {
    map_info();
    context_.names.reserve(context_.service.name.cpp);
    context_.names.reserve(context_.service.name.cpp + "Client");
    types_.reserve_component_names();
    reserve_error_names();
    types_.map_components();
    map_component_errors();
    const Json& root = context_.document.root;
    for (std::size_t i = 0; i < root["methods"].size(); ++i) {
        std::string pointer = pointer_append("/methods", i);
        if (!context_.is_invalid(pointer))
            context_.service.methods.push_back(map_method(root["methods"][i], pointer, false));
    }
    const Json* callbacks = member(root, "x-rpcforge-callbacks");
    for (std::size_t i = 0; callbacks && i < callbacks->size(); ++i) {
        std::string pointer = pointer_append("/x-rpcforge-callbacks", i);
        if (!context_.is_invalid(pointer)) context_.service.callbacks.push_back(map_method((*callbacks)[i], pointer, true));
    }
    types_.order_types();
}

void DocumentMapper::map_info() {
    const Json& info = context_.document.root["info"];
    model::Service& service = context_.service;
    std::string wire = string_member(info, "x-rpcforge-service");
    service.name = context_.naming.type(wire.empty() ? string_member(info, "title") : wire, info);
    service.title = string_member(info, "title");
    service.version = string_member(info, "version");
    service.description = string_member(info, "description");
    service.cpp_header = string_member(info, "x-rpcforge-cpp-header");
    service.cpp_declared = string_member(info, "x-rpcforge-cpp-declared");
    service.callbacks_cpp_declared = string_member(info, "x-rpcforge-cpp-callbacks");
    service.location = context_.document.at("");
}

void DocumentMapper::reserve_error_names() {
    const Json* errors = context_.find("/components/errors");
    if (!errors) return;
    for (const auto& [key, error] : errors->items()) {
        const std::string pointer = pointer_append("/components/errors", key);
        if (context_.is_invalid(pointer)) continue;
        model::Name name = context_.naming.type(key, rpcforge_members(error, pointer));
        context_.names.reserve(name.cpp);
        component_error_names_[pointer] = name;
    }
    check_error_extensions();
}

/// Where rpcforge's members of an error are: the error's entry in components/x-rpcforge-errors
/// (what rpcforge writes, since OpenRPC's error object admits no extension), else the error
/// itself (documents written before, or by hand).
std::string DocumentMapper::rpcforge_members_pointer(const std::string& pointer) const {
    constexpr std::string_view components = "/components/errors/";
    if (pointer.starts_with(components)) {
        std::string entry = "/components/x-rpcforge-errors/" + pointer.substr(components.size());
        if (context_.find(entry) && !context_.is_invalid(entry)) return entry;
    }
    return pointer;
}

const Json& DocumentMapper::rpcforge_members(const Json& error, const std::string& pointer) const {
    const Json* members = context_.find(rpcforge_members_pointer(pointer));
    return members ? *members : error;
}

/// An entry for an error that does not exist is a mistake the author would want to hear of.
void DocumentMapper::check_error_extensions() const {
    const Json* extensions = context_.find("/components/x-rpcforge-errors");
    if (!extensions) return;
    for (const auto& [key, members] : extensions->items()) {
        if (!context_.find(pointer_append("/components/errors", key)))
            context_.error(pointer_append("/components/x-rpcforge-errors", key),
                           "x-rpcforge-errors names '" + key + "', which is not a component error");
    }
}

void DocumentMapper::map_component_errors() {
    const Json* errors = context_.find("/components/errors");
    if (!errors) return;
    for (const auto& [key, error] : errors->items()) {
        std::string pointer = pointer_append("/components/errors", key);
        if (!context_.is_invalid(pointer)) declare_error(error, pointer);
    }
}

model::Method DocumentMapper::map_method(const Json& json, const std::string& pointer, bool callback) {
    model::Method method;
    method.name = context_.naming.value(string_member(json, "name"), json);
    method.summary = string_member(json, "summary");
    method.description = string_member(json, "description");
    method.location = context_.document.at(pointer);
    std::string structure = string_member(json, "paramStructure");
    if (structure == "by-name") method.param_structure = model::ParamStructure::by_name;
    if (structure == "by-position") method.param_structure = model::ParamStructure::by_position;
    // x-rpcforge-aliases is what rpcforge writes; x-aliases is read too.
    for (const char* key : {"x-aliases", "x-rpcforge-aliases"}) {
        const Json* aliases = member(json, key);
        for (std::size_t i = 0; aliases && i < aliases->size(); ++i) {
            method.aliases.push_back((*aliases)[i].get<std::string>());
        }
    }
    if (const Json* context = member(json, "x-rpcforge-context")) method.takes_context = context->get<bool>();
    if (const Json* async = member(json, "x-rpcforge-async")) {
        // true: a Reply; "coroutine": an awaitable (the schema admits nothing else).
        method.is_coroutine = async->is_string();
        method.is_async = async->is_boolean() && async->get<bool>();
        if (method.is_coroutine && method.takes_context)
            context_.error_at_key(pointer_append(pointer, "x-rpcforge-async"),
                                  "a coroutine cannot take the call context: it is valid only until the coroutine "
                                  "first waits (drop x-rpcforge-context, or use \"x-rpcforge-async\": true)");
    }
    if (const Json* roles = member(json, "x-rpcforge-roles"))
        for (const auto& role : *roles) method.roles.push_back(role.get<std::string>());
    map_idempotent(json, pointer, callback, method);
    map_subscription(json, pointer, callback, method);
    std::string prefix = type_identifier(method.name.wire);
    const Json* params = member(json, "params");
    for (std::size_t i = 0; params && i < params->size(); ++i) {
        std::string at = pointer_append(pointer_append(pointer, "params"), i);
        if (auto param = map_param((*params)[i], at, prefix)) method.params.push_back(std::move(*param));
    }
    if (const Json* result = member(json, "result")) {
        if (callback) {
            context_.error_at_key(pointer_append(pointer, "result"),
                                  "a callback is a notification from the server: it has no result");
        } else {
            method.result = map_result(*result, pointer_append(pointer, "result"), prefix);
        }
    }
    const Json* errors = member(json, "errors");
    for (std::size_t i = 0; errors && i < errors->size(); ++i) {
        auto name = map_error((*errors)[i], pointer_append(pointer_append(pointer, "errors"), i));
        if (name && std::find(method.errors.begin(), method.errors.end(), *name) == method.errors.end()) {
            method.errors.push_back(*name);
        }
    }
    return method;
}

/// x-rpcforge-idempotent (a boolean: the schema says so). Failover sends a call again when its
/// answer is lost; a notification, and a callback, have none to lose.
void DocumentMapper::map_idempotent(const Json& json, const std::string& pointer, bool callback,
                                    model::Method& method) const {
    const Json* idempotent = member(json, "x-rpcforge-idempotent");
    if (!idempotent || !idempotent->get<bool>()) return;
    if (callback || !member(json, "result")) {
        context_.error_at_key(pointer_append(pointer, "x-rpcforge-idempotent"),
                              "a notification is never sent again (it has no answer to lose): x-rpcforge-idempotent "
                              "marks methods");
        return;
    }
    method.idempotent = true;
}

/// x-rpcforge-subscription (a boolean: the schema says so): the result schema is the type of the
/// items. A notification has no answer to carry the subscription's id, and an asynchronous method
/// answers through a Reply where a subscription's handler keeps a Subscription.
void DocumentMapper::map_subscription(const Json& json, const std::string& pointer, bool callback,
                                      model::Method& method) const {
    const Json* subscription = member(json, "x-rpcforge-subscription");
    if (!subscription || !subscription->get<bool>()) return;
    const std::string at = pointer_append(pointer, "x-rpcforge-subscription");
    if (callback || !member(json, "result")) {
        context_.error_at_key(at, "a subscription is answered with its id, and a notification is not answered: "
                                  "x-rpcforge-subscription marks methods with a result (the type of its items)");
        return;
    }
    if (method.is_async || method.is_coroutine) {
        context_.error_at_key(at, "a subscription's implementation keeps an rpcforge::Subscription rather than "
                                  "answering (through a Reply, or as a coroutine): x-rpcforge-subscription and "
                                  "x-rpcforge-async do not go "
                                  "together");
        return;
    }
    method.is_subscription = true;
}

std::optional<model::Param> DocumentMapper::map_param(const Json& use, const std::string& pointer,
                                                      const std::string& prefix) {
    auto descriptor = resolve(use, pointer, "contentDescriptors", "content descriptor");
    if (!descriptor) return std::nullopt;
    const Json& json = *descriptor->value;
    model::Param param;
    param.name = context_.naming.value(string_member(json, "name"), json);
    param.required = json.value("required", false);
    param.description = string_member(json, "description");
    param.location = context_.document.at(pointer);
    param.cpp_declared = string_member(json, "x-rpcforge-cpp-declared");
    if (const Json* schema = member(json, "schema")) {
        param.type = types_.map(*schema, pointer_append(descriptor->pointer, "schema"),
                                prefix + type_identifier(param.name.wire));
        param.default_json = types_.default_of(*schema);
    }
    return param;
}

model::Type DocumentMapper::map_result(const Json& use, const std::string& pointer, const std::string& prefix) {
    auto descriptor = resolve(use, pointer, "contentDescriptors", "content descriptor");
    const Json* schema = descriptor ? member(*descriptor->value, "schema") : nullptr;
    if (!schema) return model::Type::of(model::Type::Kind::json);
    return types_.map(*schema, pointer_append(descriptor->pointer, "schema"), prefix + "Result");
}

/// Declares the error at `pointer` unless an identical one (same code, message and data
/// schema) was declared before, and returns its name.
std::optional<std::string> DocumentMapper::map_error(const Json& use, const std::string& pointer) {
    auto resolved = resolve(use, pointer, "errors", "error");
    if (!resolved) return std::nullopt;
    // Components are declared up front, each under its own name.
    auto component = component_error_names_.find(resolved->pointer);
    if (component != component_error_names_.end()) return component->second.cpp;
    auto known = errors_by_identity_.find(error_identity(*resolved->value, resolved->pointer));
    if (known != errors_by_identity_.end()) return known->second;
    return declare_error(*resolved->value, resolved->pointer);
}

/// The data's schema: x-rpcforge-data (what rpcforge writes, leaving `data` to OpenRPC's
/// example value), else `data` when it is an object or a boolean; other values of `data` are
/// examples.
const Json* DocumentMapper::data_schema(const Json& error, const std::string& pointer) const {
    if (const Json* schema = member(rpcforge_members(error, pointer), "x-rpcforge-data")) return schema;
    const Json* data = member(error, "data");
    return data && (data->is_object() || data->is_boolean()) ? data : nullptr;
}

std::string DocumentMapper::error_identity(const Json& error, const std::string& pointer) const {
    const Json* data = data_schema(error, pointer);
    return Json::array({error["code"], error["message"], data ? *data : Json()}).dump();
}

/// Declares the error `json` at `pointer`: a component (named by its key) or one written in place.
std::string DocumentMapper::declare_error(const Json& json, const std::string& pointer) {
    model::ErrorDecl error;
    auto component = component_error_names_.find(pointer);
    bool named = component != component_error_names_.end();
    error.name = named ? component->second : model::Name{error_name(json), {}};
    if (!named) error.name.cpp = error.name.wire;
    error.message = json["message"].get<std::string>();
    error.location = named ? context_.document.at_key(pointer) : context_.document.at(pointer);
    const Json& code = json["code"];
    if (code.is_number_integer() && code >= std::numeric_limits<int>::min() &&
        code <= std::numeric_limits<int>::max()) {
        error.code = code.get<int>();
    } else {
        context_.error(pointer_append(pointer, "code"), "error code " + code.dump() + " is out of range");
    }
    if (const Json* data = data_schema(json, pointer)) {
        std::string place = data == member(json, "data")
                                ? pointer_append(pointer, "data")
                                : pointer_append(rpcforge_members_pointer(pointer), "x-rpcforge-data");
        error.data = types_.map(*data, place, error.name.cpp + "Data");
    }
    // The first of identical errors is the one methods written in place get.
    errors_by_identity_.emplace(error_identity(json, pointer), error.name.cpp);
    context_.service.errors.push_back(std::move(error));
    return context_.service.errors.back().name.cpp;
}

/// An error written in place is named after its message: "User not found" -> UserNotFoundError.
std::string DocumentMapper::error_name(const Json& error) {
    std::string base = type_identifier(string_member(error, "message"));
    if (!base.ends_with("Error")) base += "Error";
    return context_.names.unique(base);
}

std::optional<Resolved> DocumentMapper::resolve(const Json& use, const std::string& pointer, const std::string& section,
                                                const std::string& what) const {
    const Json* ref = member(use, "$ref");
    if (!ref) return Resolved{&use, pointer};
    std::string text = ref->get<std::string>();
    std::string at = pointer_append(pointer, "$ref");
    auto target = local_ref_pointer(text);
    auto tokens = target ? pointer_tokens(*target) : std::nullopt;
    if (!tokens || tokens->size() != 3 || (*tokens)[0] != "components" || (*tokens)[1] != section) {
        context_.error(at, "this may only refer to '#/components/" + section + "/<name>', not '" + text + "'");
        return std::nullopt;
    }
    const Json* value = context_.find(*target);
    if (!value) {
        context_.error(at, "'" + text + "' refers to no " + what);
        return std::nullopt;
    }
    if (context_.is_invalid(*target)) return std::nullopt;  // its problems are reported already
    return Resolved{value, *target};
}

}  // namespace

model::Service map_openrpc(const JsonDocument& document, diagnostics::Sink& sink,
                           std::set<std::string> invalid_parts) {
    model::Service service;
    MappingContext context{document, sink, service, {}, {}, std::move(invalid_parts)};
    context.naming.written_by_rpcforge = document.root["info"].contains("x-rpcforge-service");
    DocumentMapper(context).run();
    return service;
}

}  // namespace rpcforge::frontend::openrpc
