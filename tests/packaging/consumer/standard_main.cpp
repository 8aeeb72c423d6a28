// The standard server from the package: a service's whole main, linked through
// rpcforge::standard_server (which brings CLI11 through the package's dependencies).
#include <rpcforge/standard_server.hpp>

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("standard_consumer", {"tcp://127.0.0.1:0"});
    if (auto status = standard.parse(argc, argv)) return *status;
    rpcforge::Dispatcher dispatcher;
    dispatcher.add("ping", [] { return "pong"; });
    return standard.serve(dispatcher);
}
