// The calculator server. `--help` is its manual: the standard server's flags (endpoints of
// every kind, TLS, threads, mode, limits, authentication, metrics, health, access log and a
// config file; rpcforge/standard_server.hpp).

#include "calculator_service.hpp"

#include <rpcforge/standard_server.hpp>

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("calculator_server", {"tcp://127.0.0.1:7001"});
    if (auto status = standard.parse(argc, argv)) return *status;

    rpcforge::Server* server_ptr = nullptr;  // set below; the service is built first
    // Every connected client hears of each message logged, through the generated notifier.
    calc::CalculatorService service([&server_ptr](const std::string& message, std::int64_t count) {
        for (const auto& client : server_ptr->peers()) calc::CalculatorNotifier(*client).log_added(message, count);
    });
    rpcforge::Dispatcher dispatcher;
    calc::bind(service).add_to(dispatcher);
    return standard.serve(dispatcher, [&server_ptr](rpcforge::Server& server) { server_ptr = &server; });
}
