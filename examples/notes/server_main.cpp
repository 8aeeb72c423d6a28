// The notes server: a service declared as a C++ interface. `--help` is its manual: the
// standard server's flags (rpcforge/standard_server.hpp).

#include "notes_server.hpp"
#include "notes_store.hpp"

#include <rpcforge/standard_server.hpp>

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("notes_server", {"tcp://127.0.0.1:7002"});
    if (auto status = standard.parse(argc, argv)) return *status;

    notes::NotesStore store;
    rpcforge::Dispatcher dispatcher;
    notes_rpc::bind(store).add_to(dispatcher);
    return standard.serve(dispatcher);
}
