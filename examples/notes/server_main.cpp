// The notes server: `--listen URI` (repeatable), `--threads N`, `--help`.

#include "notes_server.hpp"
#include "notes_store.hpp"

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"rpcforge notes server (a service declared as a C++ interface)"};
    std::vector<std::string> listen{"tcp://127.0.0.1:7002"};
    std::size_t threads = 2;
    app.add_option("--listen", listen, "endpoint URI to listen on (repeatable)")->capture_default_str();
    app.add_option("--threads", threads, "handler threads")->capture_default_str()->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);

    rpcforge::StopSignals stop_signals;
    notes::NotesStore store;
    rpcforge::Dispatcher dispatcher;
    notes_rpc::bind(store).add_to(dispatcher);

    rpcforge::ServerOptions options;
    options.threads = threads;
    rpcforge::Server server(dispatcher, options);
    try {
        for (const auto& uri : listen) std::cout << "listening on " << server.listen(uri) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "notes_server: " << e.what() << std::endl;
        return 1;
    }
    server.start();
    stop_signals.wait();
    std::cout << "server: stopping" << std::endl;
    server.stop();
}
