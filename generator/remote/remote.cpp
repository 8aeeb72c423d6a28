#include "remote/remote.hpp"

#include "diagnostics/diagnostics.hpp"
#include "frontend/openrpc/openrpc.hpp"
#include "model/type_table.hpp"
#include "remote/call_arguments.hpp"
#include "remote/param_check.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/error.hpp>

#include <istream>
#include <optional>
#include <ostream>

namespace rpcforge::remote {
namespace {

ClientOptions client_options(const ServerAddress& address) {
    ClientOptions options;
    auto timeout = std::chrono::duration<double>(address.timeout_seconds);
    options.peer.call_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    options.connect_timeout = options.peer.call_timeout;
    options.credentials.bearer_token = address.bearer_token;
    if (!address.basic.empty()) {
        auto colon = address.basic.find(':');
        if (colon == std::string::npos) throw ArgumentError("--basic takes user:password");
        options.credentials.user = address.basic.substr(0, colon);
        options.credentials.password = address.basic.substr(colon + 1);
    }
    options.tls.ca_file = address.tls_ca;
    options.tls.certificate_file = address.tls_certificate;
    options.tls.private_key_file = address.tls_key;
    options.tls.verify_server = !address.tls_insecure;
    return options;
}

/// The server's description of itself (rpc.discover), read as a model; nothing when it has
/// none, or when what it sends cannot be read (then why, on `err`).
std::optional<model::Service> discover(Client& client, const ServerAddress& address, std::ostream& err) {
    json document;
    try {
        document = client.call("rpc.discover");
    } catch (const Error& e) {
        if (e.code() == error_code::method_not_found) return std::nullopt;
        throw;
    }
    diagnostics::Sink sink;
    auto service = frontend::openrpc::read_openrpc_text(document.dump(), address.url + " rpc.discover", sink);
    if (service && !sink.has_errors()) return service;
    err << "rpcforge: the server's rpc.discover document cannot be read:\n";
    sink.print(err);
    return std::nullopt;
}

const model::Method* find_method(const model::Service& service, const std::string& name) {
    for (const auto& method : service.methods) {
        if (method.name.wire == name) return &method;
        for (const auto& alias : method.aliases)
            if (alias == name) return &method;
    }
    return nullptr;
}

// ---- list ----

std::string param_text(const model::Param& param) {
    std::string text = param.name.wire;
    if (!param.required || param.default_json) text += "?";
    text += ": " + model::type_text(param.type);
    if (param.default_json) text += " = " + *param.default_json;
    return text;
}

std::string signature(const model::Method& method) {
    std::string text = method.name.wire + "(";
    for (std::size_t i = 0; i < method.params.size(); ++i) text += (i == 0 ? "" : ", ") + param_text(method.params[i]);
    text += ")";
    text += method.result ? " -> " + model::type_text(*method.result) : "  (notification)";
    return text;
}

void print_method(const model::Service& service, const model::Method& method, std::ostream& out) {
    out << "  " << signature(method) << "\n";
    for (const auto& alias : method.aliases) out << "      also called " << alias << "\n";
    const std::string& doc = method.summary.empty() ? method.description : method.summary;
    std::size_t start = 0;
    while (start < doc.size()) {
        auto end = doc.find('\n', start);
        if (end == std::string::npos) end = doc.size();
        out << "      " << doc.substr(start, end - start) << "\n";
        start = end + 1;
    }
    for (const auto& name : method.errors)
        for (const auto& declared : service.errors)
            if (declared.name.cpp == name)
                out << "      error " << declared.code << ": " << declared.message << "\n";
    if (method.idempotent) out << "      idempotent: may be sent again when its answer is lost\n";
    if (method.is_subscription) out << "      subscription: answers with a stream of its result's items\n";
    if (!method.roles.empty()) {
        out << "      needs a role of:";
        for (const auto& role : method.roles) out << " " << role;
        out << "\n";
    }
}

// ---- call ----

json params_of(const Invocation& invocation) {
    if (invocation.params_json.empty()) return params_from_arguments(invocation.arguments);
    if (!invocation.arguments.empty()) throw ArgumentError("give --params or arguments, not both");
    json params = json::parse(invocation.params_json, nullptr, false);
    if (params.is_discarded() || !(params.is_array() || params.is_object()))
        throw ArgumentError("--params takes a JSON array or object");
    return params;
}

void print_error(const Error& error, std::ostream& err) {
    err << "error " << error.code() << ": " << error.what() << "\n";
    if (!error.data().is_null()) err << "  data: " << error.data().dump() << "\n";
}

/// A call as sent: params made, and checked against the server's document when it has one.
struct Prepared {
    const Invocation* invocation;
    json params;
    std::optional<std::string> refusal;  // what the server would answer -32602 with
};

std::vector<Prepared> prepare(const CallCommand& command, const std::optional<model::Service>& service) {
    std::vector<Prepared> prepared;
    for (const auto& invocation : command.invocations) {
        Prepared call{&invocation, params_of(invocation), std::nullopt};
        // A method the document does not list (rpc.health, one added by hand) goes as it is.
        if (service)
            if (const auto* method = find_method(*service, invocation.method))
                call.refusal = invalid_params(*service, *method, call.params);
        prepared.push_back(std::move(call));
    }
    return prepared;
}

void print_result(const json& result, bool compact, std::ostream& out) {
    out << (compact ? result.dump() : result.dump(2)) << "\n";
}

/// Sends the calls (a batch when more than one) and prints each outcome in order.
int send(Client& client, const std::vector<Prepared>& calls, bool compact, std::ostream& out, std::ostream& err) {
    int exit = answered;
    if (calls.size() == 1 && calls.front().invocation->notification) {
        client.notify(calls.front().invocation->method, calls.front().params);
        return answered;
    }
    std::vector<std::future<json>> answers;
    if (calls.size() == 1) {
        answers.push_back(client.call_async(calls.front().invocation->method, calls.front().params));
    } else {
        Batch batch;
        for (const auto& call : calls) {
            if (call.invocation->notification)
                batch.notify(call.invocation->method, call.params);
            else
                batch.call(call.invocation->method, call.params);
        }
        answers = client.send_batch(batch);
    }
    for (auto& answer : answers) {
        try {
            print_result(answer.get(), compact, out);
        } catch (const Error& e) {
            print_error(e, err);
            exit = error_answered;
        }
    }
    return exit;
}

int report_failure(const std::exception& e, std::ostream& err) {
    err << "rpcforge: " << e.what() << "\n";
    return failed;
}

}  // namespace

int list(const ServerAddress& address, std::ostream& out, std::ostream& err) {
    try {
        Client client(address.url, client_options(address));
        auto service = discover(client, address, err);
        if (!service) {
            err << "rpcforge: " << address.url << " has no rpc.discover: its methods are not known\n";
            return error_answered;
        }
        out << (service->title.empty() ? service->name.wire : service->title);
        if (!service->version.empty()) out << " " << service->version;
        out << "\n";
        for (const auto& method : service->methods) print_method(*service, method, out);
        if (!service->callbacks.empty()) out << "calls back:\n";
        for (const auto& callback : service->callbacks) print_method(*service, callback, out);
        return answered;
    } catch (const Error& e) {
        print_error(e, err);
        return error_answered;
    } catch (const std::exception& e) {
        return report_failure(e, err);
    }
}

int call(const ServerAddress& address, const CallCommand& command, std::ostream& out, std::ostream& err) {
    try {
        Client client(address.url, client_options(address));
        std::optional<model::Service> service;
        if (command.check) service = discover(client, address, err);
        auto calls = prepare(command, service);
        int exit = answered;
        for (const auto& call : calls) {
            if (!call.refusal) continue;
            err << call.invocation->method << ": error " << error_code::invalid_params << ": " << *call.refusal
                << "\n  (the server's rpc.discover says so; nothing was sent)\n";
            exit = error_answered;
        }
        if (exit != answered) return exit;
        return send(client, calls, command.compact, out, err);
    } catch (const ArgumentError& e) {
        err << "rpcforge: " << e.what() << "\n";
        return failed;
    } catch (const Error& e) {
        print_error(e, err);
        return error_answered;
    } catch (const std::exception& e) {
        return report_failure(e, err);
    }
}

std::vector<Invocation> read_batch(std::istream& in) {
    std::vector<Invocation> invocations;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json entry = json::parse(line, nullptr, false);
        auto where = "batch line " + std::to_string(number) + ": ";
        if (entry.is_discarded() || !entry.is_object()) throw ArgumentError(where + "not a JSON object");
        if (!entry.contains("method") || !entry["method"].is_string())
            throw ArgumentError(where + "\"method\" must be a string");
        Invocation invocation;
        invocation.method = entry["method"].get<std::string>();
        if (entry.contains("params")) invocation.params_json = entry["params"].dump();
        invocation.notification = entry.value("notification", false);
        invocations.push_back(std::move(invocation));
    }
    if (invocations.empty()) throw ArgumentError("the batch is empty");
    return invocations;
}

}  // namespace rpcforge::remote
