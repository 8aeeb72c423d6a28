#pragma once
// The driver: runs the pipeline for one command (generate, openrpc, check) and writes files.
// Everything a user can get wrong ends as diagnostics and exit code 1; nothing is written then.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace rpcforge::driver {

struct Options {
    std::filesystem::path input;
    /// generate: the output directory; openrpc: the output file.
    std::filesystem::path output;
    std::string cpp_namespace;
    /// generate: "cpp" (the server, client and types headers, and the OpenRPC document) or
    /// "typescript" (a client: <stem>.ts and rpcforge_client.ts).
    std::string language = "cpp";
    std::optional<std::filesystem::path> templates;
    /// Generated files are <stem>_types.hpp, ...; empty: the input's name up to its first dot.
    std::string file_stem;
    /// For a C++ header: the flags of the target that owns it (-I, -D, -std=...).
    std::vector<std::string> compiler_args;
    /// For a C++ header: where to write a Makefile-style depfile naming every file read, whose
    /// rule is the depfile's own name without ".d" (CMake's stamp file).
    std::optional<std::filesystem::path> depfile;
};

/// Each returns the process exit code: 0, or 1 after printing diagnostics to `errors`.
int generate(const Options& options, std::ostream& errors);
int write_openrpc(const Options& options, std::ostream& errors);
/// docs: writes the HTML reference, <output>/index.html.
int write_docs(const Options& options, std::ostream& errors);
int check(const Options& options, std::ostream& errors);
/// What `after` breaks for clients and servers of `before` (diff/diff.hpp), printed to `out`:
/// 0 nothing breaks clients, 1 something does, 2 an input has errors (printed to `errors`).
int diff(const Options& before, const Options& after, std::ostream& out, std::ostream& errors);

/// calculator.openrpc.json -> calculator
std::string default_stem(const std::filesystem::path& input);

}  // namespace rpcforge::driver
