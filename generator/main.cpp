// The `rpcforge` command: the command line only; the work is in driver/.

#include "driver/driver.hpp"
#include "emit/emit.hpp"
#include "remote/call_arguments.hpp"
#include "remote/remote.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

void add_input(CLI::App& command, rpcforge::driver::Options& options) {
    command.add_option("input", options.input,
                       "the service: an OpenRPC document (or a jsonrpcstub spec), or an annotated C++ header "
                       "(.h, .hpp, ...) followed by -- and the flags its target compiles with")
        ->required()
        ->check(CLI::ExistingFile);
    command.add_option("--depfile", options.depfile, "for a C++ header: write a Makefile-style depfile of the files read");
}

void add_address(CLI::App& command, rpcforge::remote::ServerAddress& address) {
    command.add_option("url", address.url, "the server: tcp://, unix://, tls://, http(s)://, ws(s)://")->required();
    command.add_option("--token", address.bearer_token, "a bearer token (HTTP Authorization, WebSocket upgrade)");
    command.add_option("--basic", address.basic, "user:password for HTTP Basic");
    command.add_option("--tls-ca", address.tls_ca, "certificate authorities to trust (default: the system's)")
        ->check(CLI::ExistingFile);
    command.add_option("--tls-cert", address.tls_certificate, "this client's certificate, for mutual TLS")
        ->check(CLI::ExistingFile);
    command.add_option("--tls-key", address.tls_key, "this client's private key, for mutual TLS")->check(CLI::ExistingFile);
    command.add_flag("--tls-insecure", address.tls_insecure, "do not check the server's certificate (tests only)");
    command.add_option("--timeout", address.timeout_seconds, "seconds to wait for the connection and each answer")
        ->check(CLI::PositiveNumber);
}

/// Everything after a `--` is the C++ compiler's, as with clang-tidy: `rpcforge generate
/// chat.hpp -o out -- -Iinclude -DNDEBUG -std=c++20`. Not for the commands that talk to a
/// server, whose `--` ends the options as usual (before a negative number, say).
int split_compiler_args(int argc, char** argv, std::vector<std::string>& compiler_args) {
    if (argc > 1 && (std::string_view(argv[1]) == "call" || std::string_view(argv[1]) == "list")) return argc;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) != "--") continue;
        compiler_args.assign(argv + i + 1, argv + argc);
        return i;
    }
    return argc;
}

/// `rpcforge call`: one invocation from the command line, or a batch from a file.
int call_server(const rpcforge::remote::ServerAddress& address, rpcforge::remote::CallCommand command,
                rpcforge::remote::Invocation invocation, const std::string& batch_file) {
    try {
        if (batch_file.empty()) {
            if (invocation.method.empty()) throw rpcforge::remote::ArgumentError("give a method, or --batch FILE");
            command.invocations.push_back(std::move(invocation));
        } else if (!invocation.method.empty()) {
            throw rpcforge::remote::ArgumentError("give a method or --batch, not both");
        } else if (batch_file == "-") {
            command.invocations = rpcforge::remote::read_batch(std::cin);
        } else {
            std::ifstream in(batch_file);
            if (!in) throw rpcforge::remote::ArgumentError("cannot read " + batch_file);
            command.invocations = rpcforge::remote::read_batch(in);
        }
    } catch (const rpcforge::remote::ArgumentError& e) {
        std::cerr << "rpcforge call: " << e.what() << "\n";
        return rpcforge::remote::failed;
    }
    return rpcforge::remote::call(address, command, std::cout, std::cerr);
}

/// `rpcforge registry ARGS...` is the embedded service registry, a program of its own
/// (docs/registry.md): run the rpcforge-registry installed (or built) beside this command,
/// with the remaining arguments. Returns only when it cannot be run.
int run_registry(int argc, char** argv) {
    std::error_code error;
    auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    auto registry = (error ? std::filesystem::path(argv[0]) : self).parent_path() / "rpcforge-registry";
    std::string program = registry.string();
    std::vector<char*> args{program.data()};
    args.insert(args.end(), argv + 2, argv + argc);
    args.push_back(nullptr);
    ::execv(program.c_str(), args.data());
    std::cerr << "rpcforge registry: cannot run " << program << ": " << std::strerror(errno)
              << " (rpcforge-registry is built and installed beside rpcforge)\n";
    return 127;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "registry") return run_registry(argc, argv);
    CLI::App app{"rpcforge: typed JSON-RPC 2.0 servers and clients for C++, generated from a service description"};
    app.set_version_flag("--version", rpcforge::emit::generator_version());
    app.require_subcommand(1);

    rpcforge::driver::Options options;
    auto* generate = app.add_subcommand("generate", "write <stem>_types.hpp, _server.hpp, _client.hpp and .openrpc.json (or, with --lang typescript, <stem>.ts)");
    add_input(*generate, options);
    generate->add_option("-o,--output", options.output, "the output directory")->required();
    generate->add_option("--namespace", options.cpp_namespace, "C++ namespace of the generated code, e.g. acme::calc");
    generate->add_option("--lang", options.language,
                         "cpp: server, client and types headers (the default); typescript: a client, <stem>.ts and "
                         "rpcforge_client.ts")
        ->check(CLI::IsMember({"cpp", "typescript"}));
    generate->add_option("--templates", options.templates, "a directory of .mustache templates replacing the built-in ones")
        ->check(CLI::ExistingDirectory);
    generate->add_option("--stem", options.file_stem, "the generated files' name prefix (default: the input's name up to its first dot)");

    auto* openrpc = app.add_subcommand("openrpc", "write the service's normalised OpenRPC document");
    add_input(*openrpc, options);
    openrpc->add_option("-o,--output", options.output, "the output file")->required();

    auto* docs = app.add_subcommand("docs", "write the service's HTML reference: one self-contained page, <dir>/index.html");
    add_input(*docs, options);
    docs->add_option("-o,--output", options.output, "the output directory")->required();

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

    rpcforge::remote::ServerAddress address;
    auto* list = app.add_subcommand("list", "print the methods of a running server (its rpc.discover): signatures, docs, "
                                            "errors. Exit 0: listed; 1: the server has no rpc.discover; 2: no answer");
    add_address(*list, address);

    rpcforge::remote::CallCommand call_command;
    rpcforge::remote::Invocation invocation;
    std::string batch_file;
    auto* call = app.add_subcommand(
        "call",
        "call a method of a running server and print its result. Arguments are name=value words (params by name) or "
        "values (by position), each JSON or else text. Checked first against the server's rpc.discover when it has "
        "one. Exit 0: answered; 1: an error answer (or refused before sending); 2: no answer, or a usage error");
    add_address(*call, address);
    call->add_option("method", invocation.method, "the method");
    call->add_option("arguments", invocation.arguments, "name=value ..., or values by position");
    call->add_option("--params", invocation.params_json, "the params as one JSON array or object, instead of arguments");
    call->add_flag("--notify", invocation.notification, "send a notification: no answer is awaited");
    call->add_option("--batch", batch_file,
                     "send the calls of this file (- for stdin) as one batch: a JSON object per line, "
                     "{\"method\": ..., \"params\": ..., \"notification\": true}");
    call->add_flag("--no-check", [&call_command](std::int64_t) { call_command.check = false; },
                   "do not check the arguments against the server's rpc.discover");
    call->add_flag("--compact", call_command.compact, "print each answer on one line");

    // Only for --help: `rpcforge registry` is run before parsing, by run_registry().
    app.add_subcommand("registry", "run the embedded service registry (rpcforge-registry, docs/registry.md); "
                                   "`rpcforge registry --help` lists its flags")
        ->allow_extras();

    const int own_argc = split_compiler_args(argc, argv, options.compiler_args);
    try {
        app.parse(own_argc, argv);
    } catch (const CLI::ParseError& e) {
        // Usage errors exit 2, as compilers do; diagnostics about the input exit 1.
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*list) return rpcforge::remote::list(address, std::cout, std::cerr);
    if (*call) return call_server(address, call_command, invocation, batch_file);
    if (*generate) return rpcforge::driver::generate(options, std::cerr);
    if (*openrpc) return rpcforge::driver::write_openrpc(options, std::cerr);
    if (*docs) return rpcforge::driver::write_docs(options, std::cerr);
    if (*diff) {
        newer.compiler_args = options.compiler_args;
        return rpcforge::driver::diff(options, newer, std::cout, std::cerr);
    }
    return rpcforge::driver::check(options, std::cerr);
}
