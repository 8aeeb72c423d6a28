// jsonrpccpp_server: the libjson-rpc-cpp 0.7 peer of the benchmark suite. It serves the suite's
// service over JSON-RPC 2.0 with libjson-rpc-cpp's own HttpServer (libmicrohttpd), POST on any
// path, every parameter by position:
//   add(a, b) -> a + b      echo(s) -> s      note(n) notification: counts      noted() -> count
// Written by hand against AbstractServer / bindAndAddMethod, as a user of the library would,
// without jsonrpcstub.
//
//   jsonrpccpp_server --port N [--threads N]
// prints "listening <port>" once it serves and runs until SIGTERM or SIGINT.

#include "peer_main.hpp"

#include <jsonrpccpp/server.h>
#include <jsonrpccpp/server/connectors/httpserver.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <string>

namespace {

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

}  // namespace

int main(int argc, char** argv) {
    const peer::Options options = peer::parse_options(argc, argv, "libjson-rpc-cpp benchmark server", "HttpServer threads", 4);
    // Before the server library starts its threads, so that they inherit the mask.
    const sigset_t stop_signals = peer::block_stop_signals();

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

    peer::wait_for_stop(stop_signals);
    service.StopListening();
    return 0;
}
