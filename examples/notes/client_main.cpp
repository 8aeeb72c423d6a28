// The notes client: runs the same tour (tour.cpp) against a NotesStore in this process, then
// against the server through the generated client, which implements the same interface.

#include "example_client.hpp"
#include "notes_client.hpp"
#include "notes_store.hpp"
#include "tour.hpp"

#include <rpcforge/client.hpp>

#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    CLI::App app{"rpcforge notes client"};
    std::string uri = "tcp://127.0.0.1:7002";
    rpcforge::ClientOptions options;
    app.add_option("--connect", uri, "server endpoint URI")->capture_default_str();
    rpcforge::examples::add_client_tls_options(app, options.tls);
    CLI11_PARSE(app, argc, argv);

    std::ostringstream local;
    notes::NotesStore store;
    notes::tour(store, local);
    std::cout << "== the tour, in this process\n" << local.str();

    try {
        rpcforge::Client connection(uri, options);
        notes_rpc::NotesServiceClient remote_notes(connection);
        std::ostringstream remote;
        notes::tour(remote_notes, remote);
        std::cout << "\n== the same tour, over " << uri << "\n" << remote.str();
        if (remote.str() != local.str()) {
            std::cerr << "notes_client: the remote tour saw something else than the local one" << std::endl;
            return 1;
        }
        std::cout << "\nthe same code saw the same answers, locally and remotely\n";
    } catch (const std::exception& e) {
        std::cerr << "notes_client: " << e.what() << std::endl;
        return 1;
    }
}
