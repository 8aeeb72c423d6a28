// The `rpcforge` command: the command line only; the work is in driver/.

#include "driver/driver.hpp"
#include "emit/emit.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

void add_input(CLI::App& command, rpcforge::driver::Options& options) {
    command.add_option("input", options.input, "the service: an OpenRPC document (or a jsonrpcstub spec)")
        ->required()
        ->check(CLI::ExistingFile);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge: typed JSON-RPC 2.0 servers and clients for C++, generated from a service description"};
    app.set_version_flag("--version", rpcforge::emit::generator_version());
    app.require_subcommand(1);

    rpcforge::driver::Options options;
    auto* generate = app.add_subcommand("generate", "write <stem>_types.hpp, _server.hpp, _client.hpp and .openrpc.json");
    add_input(*generate, options);
    generate->add_option("-o,--output", options.output, "the output directory")->required();
    generate->add_option("--namespace", options.cpp_namespace, "C++ namespace of the generated code, e.g. acme::calc");
    generate->add_option("--templates", options.templates, "a directory of .mustache templates replacing the built-in ones")
        ->check(CLI::ExistingDirectory);
    generate->add_option("--stem", options.file_stem, "the generated files' name prefix (default: the input's name up to its first dot)");

    auto* openrpc = app.add_subcommand("openrpc", "write the service's normalised OpenRPC document");
    add_input(*openrpc, options);
    openrpc->add_option("-o,--output", options.output, "the output file")->required();

    auto* check = app.add_subcommand("check", "check the input and print diagnostics; write nothing");
    add_input(*check, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Usage errors exit 2, as compilers do; diagnostics about the input exit 1.
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*generate) return rpcforge::driver::generate(options, std::cerr);
    if (*openrpc) return rpcforge::driver::write_openrpc(options, std::cerr);
    return rpcforge::driver::check(options, std::cerr);
}
