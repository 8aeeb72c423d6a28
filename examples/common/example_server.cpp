#include "example_server.hpp"

#include <iostream>

namespace rpcforge::examples {

void add_server_options(CLI::App& app, ServerCommandLine& line) {
    app.add_option("--listen", line.listen,
                   "endpoint to listen on (repeatable): tcp://, unix://, tls://, http://, https://, ws://, wss://")
        ->capture_default_str();
    app.add_option("--tls-cert", line.options.tls.certificate_file, "PEM certificate for tls://, https:// and wss://");
    app.add_option("--tls-key", line.options.tls.private_key_file, "PEM private key for tls://, https:// and wss://");
    app.add_option("--tls-ca", line.options.tls.ca_file, "PEM CA file: clients must present a certificate it signed");
    app.add_option("--threads", line.options.threads, "handler threads")->capture_default_str()->check(CLI::PositiveNumber);
}

void finish_server_options(ServerCommandLine& line) {
    line.options.tls.require_client_certificate = !line.options.tls.ca_file.empty();
}

int serve_until_stopped(Server& server, const ServerCommandLine& line, StopSignals& stop_signals,
                        const std::string& program) {
    try {
        for (const auto& uri : line.listen) std::cout << "listening on " << server.listen(uri) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << std::endl;
        return 1;
    }
    server.start();
    stop_signals.wait();
    std::cout << "server: stopping" << std::endl;
    server.stop();
    return 0;
}

}  // namespace rpcforge::examples
