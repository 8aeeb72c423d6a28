// The calculator server: `--listen URI` (repeatable; tcp, unix, tls, http, https), `--tls-cert`,
// `--tls-key`, `--tls-ca` (clients must then present a certificate), `--threads N`, `--help`.

#include "calculator_service.hpp"

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"rpcforge calculator server"};
    std::vector<std::string> listen{"tcp://127.0.0.1:7001"};
    std::size_t threads = 2;
    rpcforge::ServerOptions options;
    app.add_option("--listen", listen,
                   "endpoint URI to listen on (repeatable): tcp://, unix://, tls://, http://, https://")
        ->capture_default_str();
    app.add_option("--tls-cert", options.tls.certificate_file, "PEM certificate for tls:// and https://");
    app.add_option("--tls-key", options.tls.private_key_file, "PEM private key for tls:// and https://");
    app.add_option("--tls-ca", options.tls.ca_file, "PEM CA file: clients must present a certificate it signed");
    app.add_option("--threads", threads, "handler threads")->capture_default_str()->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);
    options.tls.require_client_certificate = !options.tls.ca_file.empty();

    rpcforge::StopSignals stop_signals;
    rpcforge::Server* server_ptr = nullptr;  // set below; the service is built first
    // Every connected client hears of each message logged, through the generated notifier.
    calc::CalculatorService service([&server_ptr](const std::string& message, std::int64_t count) {
        for (const auto& client : server_ptr->peers()) calc::CalculatorNotifier(*client).log_added(message, count);
    });
    rpcforge::Dispatcher dispatcher;
    calc::bind(service).add_to(dispatcher);

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
