// The calculator server. `--help` lists its flags: the endpoints to listen on (every kind), TLS
// files and threads, as every example server has them (examples/common).

#include "calculator_service.hpp"

#include "example_server.hpp"

int main(int argc, char** argv) {
    CLI::App app{"rpcforge calculator server"};
    rpcforge::examples::ServerCommandLine line;
    line.listen = {"tcp://127.0.0.1:7001"};
    rpcforge::examples::add_server_options(app, line);
    CLI11_PARSE(app, argc, argv);
    rpcforge::examples::finish_server_options(line);

    rpcforge::StopSignals stop_signals;
    rpcforge::Server* server_ptr = nullptr;  // set below; the service is built first
    // Every connected client hears of each message logged, through the generated notifier.
    calc::CalculatorService service([&server_ptr](const std::string& message, std::int64_t count) {
        for (const auto& client : server_ptr->peers()) calc::CalculatorNotifier(*client).log_added(message, count);
    });
    rpcforge::Dispatcher dispatcher;
    calc::bind(service).add_to(dispatcher);
    return rpcforge::examples::serve_until_stopped(dispatcher, line, stop_signals, "calculator_server",
                                                   [&server_ptr](rpcforge::Server& server) { server_ptr = &server; });
}
