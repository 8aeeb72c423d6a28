// The `rpcforge` command: the command line only; the work is in driver/.

#include "driver/driver.hpp"
#include "emit/emit.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string_view>
#include <vector>

namespace {

void add_input(CLI::App& command, rpcforge::driver::Options& options) {
    command.add_option("input", options.input,
                       "the service: an OpenRPC document (or a jsonrpcstub spec), or an annotated C++ header "
                       "(.h, .hpp, ...) followed by -- and the flags its target compiles with")
        ->required()
        ->check(CLI::ExistingFile);
    command.add_option("--depfile", options.depfile, "for a C++ header: write a Makefile-style depfile of the files read");
}

/// Everything after a `--` is the C++ compiler's, as with clang-tidy: `rpcforge generate
/// chat.hpp -o out -- -Iinclude -DNDEBUG -std=c++20`.
int split_compiler_args(int argc, char** argv, std::vector<std::string>& compiler_args) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) != "--") continue;
        compiler_args.assign(argv + i + 1, argv + argc);
        return i;
    }
    return argc;
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

    rpcforge::driver::Options newer;
    auto* diff = app.add_subcommand(
        "diff",
        "what the new version of a service breaks for clients and servers of the old one: errors break "
        "clients, warnings the C++ of servers, notes are compatible. Exit 0: no client breaks; 1: some "
        "do; 2: an input has errors. Flags after -- are for both, when C++ headers");
    diff->add_option("old", options.input, "the old version: an OpenRPC document or an annotated C++ header")
        ->required()
        ->check(CLI::ExistingFile);
    diff->add_option("new", newer.input, "the new version")->required()->check(CLI::ExistingFile);

    const int own_argc = split_compiler_args(argc, argv, options.compiler_args);
    try {
        app.parse(own_argc, argv);
    } catch (const CLI::ParseError& e) {
        // Usage errors exit 2, as compilers do; diagnostics about the input exit 1.
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*generate) return rpcforge::driver::generate(options, std::cerr);
    if (*openrpc) return rpcforge::driver::write_openrpc(options, std::cerr);
    if (*diff) {
        newer.compiler_args = options.compiler_args;
        return rpcforge::driver::diff(options, newer, std::cout, std::cerr);
    }
    return rpcforge::driver::check(options, std::cerr);
}
