// The notes server. `--help` lists its flags: the endpoints to listen on (every kind), TLS
// files and threads, as every example server has them (examples/common).

#include "example_server.hpp"
#include "notes_server.hpp"
#include "notes_store.hpp"

int main(int argc, char** argv) {
    CLI::App app{"rpcforge notes server (a service declared as a C++ interface)"};
    rpcforge::examples::ServerCommandLine line;
    line.listen = {"tcp://127.0.0.1:7002"};
    rpcforge::examples::add_server_options(app, line);
    CLI11_PARSE(app, argc, argv);
    rpcforge::examples::finish_server_options(line);

    rpcforge::StopSignals stop_signals;
    notes::NotesStore store;
    rpcforge::Dispatcher dispatcher;
    notes_rpc::bind(store).add_to(dispatcher);
    return rpcforge::examples::serve_until_stopped(dispatcher, line, stop_signals, "notes_server");
}
