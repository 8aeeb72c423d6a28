// jsonrpccpp_server: the libjson-rpc-cpp 0.7 peer of the benchmark suite. It serves the suite's
// service over JSON-RPC 2.0 with libjson-rpc-cpp's own HttpServer (libmicrohttpd), POST on any
// path, every parameter by position:
//   add(a, b) -> a + b      echo(s) -> s      note(n) notification: counts      noted() -> count
// Written by hand against AbstractServer / bindAndAddMethod, as a user of the library would,
// without jsonrpcstub.
//
//   jsonrpccpp_server --port N [--threads N]
// prints "listening <port>" once it serves and runs until SIGTERM or SIGINT.

#include <jsonrpccpp/server.h>
#include <jsonrpccpp/server/connectors/httpserver.h>

#include <atomic>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <string>

namespace {

struct Options {
    int port = 0;
    int threads = 4;
};

class BenchService : public jsonrpc::AbstractServer<BenchService> {
public:
    explicit BenchService(jsonrpc::AbstractServerConnector& connector)
        : jsonrpc::AbstractServer<BenchService>(connector, jsonrpc::JSONRPC_SERVER_V2) {
        bindAndAddMethod(method("add", jsonrpc::JSON_INTEGER, {jsonrpc::JSON_INTEGER, jsonrpc::JSON_INTEGER}),
                         &BenchService::add);
        bindAndAddMethod(method("echo", jsonrpc::JSON_STRING, {jsonrpc::JSON_STRING}), &BenchService::echo);
        bindAndAddMethod(method("noted", jsonrpc::JSON_INTEGER, {}), &BenchService::noted);
        bindAndAddNotification(notification("note", {jsonrpc::JSON_INTEGER}), &BenchService::note);
    }

    void add(const Json::Value& params, Json::Value& result) {
        result = Json::Value(params[0u].asInt64() + params[1u].asInt64());
    }

    void echo(const Json::Value& params, Json::Value& result) { result = params[0u]; }

    void note(const Json::Value& /*params*/) { notes_.fetch_add(1, std::memory_order_relaxed); }

    void noted(const Json::Value& /*params*/, Json::Value& result) {
        result = Json::Value(static_cast<Json::Int64>(notes_.load(std::memory_order_relaxed)));
    }

private:
    // The library's variadic constructors need a NULL terminator and read names as char*; the
    // setters say the same thing without varargs. Positional parameters are checked by position,
    // their names only label them.
    static jsonrpc::Procedure procedure(const std::string& name, jsonrpc::procedure_t kind,
                                        std::initializer_list<jsonrpc::jsontype_t> params) {
        jsonrpc::Procedure proc;
        proc.SetProcedureName(name);
        proc.SetProcedureType(kind);
        proc.SetParameterDeclarationType(jsonrpc::PARAMS_BY_POSITION);
        int position = 0;
        for (jsonrpc::jsontype_t type : params) {
            proc.AddParameter("p" + std::to_string(position++), type);
        }
        return proc;
    }

    static jsonrpc::Procedure method(const std::string& name, jsonrpc::jsontype_t result,
                                     std::initializer_list<jsonrpc::jsontype_t> params) {
        jsonrpc::Procedure proc = procedure(name, jsonrpc::RPC_METHOD, params);
        proc.SetReturnType(result);
        return proc;
    }

    static jsonrpc::Procedure notification(const std::string& name, std::initializer_list<jsonrpc::jsontype_t> params) {
        return procedure(name, jsonrpc::RPC_NOTIFICATION, params);
    }

    std::atomic<long long> notes_{0};
};

Options parse_options(int argc, char** argv) {
    CLI::App app{"libjson-rpc-cpp benchmark server"};
    Options options;
    app.add_option("--port", options.port, "port on 127.0.0.1")->required()->check(CLI::Range(1, 65535));
    app.add_option("--threads", options.threads, "HttpServer threads")->check(CLI::Range(1, 1024));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        std::exit(app.exit(error));
    }
    return options;
}

// Blocked before libmicrohttpd starts its threads, so they inherit the mask and the signals
// reach only sigwait in main.
sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const sigset_t stop_signals = block_stop_signals();

    // A 1 MiB echo fits with libmicrohttpd's defaults: HttpServer's callback appends each chunk of
    // the body to its own buffer (MHD's per-connection pool, 32 KiB by default, only holds the
    // chunk being read), and the reply is copied into a heap buffer (MHD_RESPMEM_MUST_COPY), not
    // into the pool. HttpServer 0.7 passes no MHD options through anyway, so there is nothing to
    // raise without replacing the connector.
    jsonrpc::HttpServer http(options.port, "", "", options.threads);
    BenchService service(http);
    if (!service.StartListening()) {
        std::cerr << "jsonrpccpp_server: cannot listen on port " << options.port << "\n";
        return 1;
    }
    std::cout << "listening " << options.port << std::endl;

    int received = 0;
    sigwait(&stop_signals, &received);
    service.StopListening();
    return 0;
}
