// The demo server: a few methods from the JSON-RPC 2.0 specification's examples, plus a
// subscription that shows the server calling back its client on the same connection.

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

void register_methods(rpcforge::Dispatcher& dispatcher) {
    dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
    dispatcher.add("subtract", {"minuend", "subtrahend"},
                   [](std::int64_t minuend, std::int64_t subtrahend) { return minuend - subtrahend; });
    dispatcher.add_untyped("sum", [](const rpcforge::json& params, rpcforge::CallContext&) {
        std::int64_t total = 0;
        for (const auto& value : params) total += rpcforge::convert<std::int64_t>(value, "params");
        return rpcforge::json(total);
    });
    dispatcher.add("get_data", [] { return rpcforge::json::array({"hello", 5}); });
    dispatcher.add_notification("notify_hello", {"n"}, [](std::int64_t n) {
        std::cout << "server: notify_hello(" << n << ")" << std::endl;
    });
    dispatcher.add_notification("log", {"message"}, [](const std::string& message) {
        std::cout << "server: log: " << message << std::endl;
    });
    // Sends `count` "tick" notifications back to the caller before answering.
    dispatcher.add("subscribe", {"count"}, [](rpcforge::CallContext& context, int count) {
        for (int i = 1; i <= count; ++i) context.peer->notify("tick", {{"n", i}, {"of", count}});
        return "subscribed to " + std::to_string(count) + " ticks";
    });
}


}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge demo server"};
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
    rpcforge::Dispatcher dispatcher;
    register_methods(dispatcher);
    options.threads = threads;
    rpcforge::Server server(dispatcher, options);
    try {
        for (const auto& uri : listen) std::cout << "listening on " << server.listen(uri) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "demo_server: " << e.what() << std::endl;
        return 1;
    }
    server.start();

    stop_signals.wait();
    std::cout << "server: stopping" << std::endl;
    server.stop();
}
