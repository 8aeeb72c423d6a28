// The calculator server: `--listen URI` (repeatable), `--threads N`, `--help`.

#include "calculator_service.hpp"

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"rpcforge calculator server"};
    std::vector<std::string> listen{"tcp://127.0.0.1:7001"};
    std::size_t threads = 2;
    app.add_option("--listen", listen, "endpoint URI to listen on (repeatable)")->capture_default_str();
    app.add_option("--threads", threads, "handler threads")->capture_default_str()->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);

    rpcforge::StopSignals stop_signals;
    rpcforge::Server* server_ptr = nullptr;  // set below; the service is built first
    // Every connected client hears of each message logged, through the generated notifier.
    calc::CalculatorService service([&server_ptr](const std::string& message, std::int64_t count) {
        for (const auto& client : server_ptr->peers()) calc::CalculatorNotifier(*client).log_added(message, count);
    });
    rpcforge::Dispatcher dispatcher;
    calc::bind(service).add_to(dispatcher);

    rpcforge::ServerOptions options;
    options.threads = threads;
    rpcforge::Server server(dispatcher, options);
    server_ptr = &server;
    try {
        for (const auto& uri : listen) std::cout << "listening on " << server.listen(uri) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "calculator_server: " << e.what() << std::endl;
        return 1;
    }
    server.start();
    stop_signals.wait();
    std::cout << "server: stopping" << std::endl;
    server.stop();
}
