// The test tool: writes the C++ files and the OpenRPC document of the hand-built Calculator
// model into a directory, so that the build can compile and run them; and the files of two
// services at the edges (nothing at all, only notifications), to compile them.

#include "calculator_model.hpp"
#include "emit/emit.hpp"

#include <fstream>
#include <iostream>

namespace {

bool write(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: emit_calculator OUTPUT_DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    const auto service = rpcforge::emit::testing::calculator_model();
    rpcforge::emit::EmitOptions options;
    options.cpp_namespace = "calc";
    options.input_file_name = "calculator.openrpc.json";
    auto files = rpcforge::emit::emit_cpp(service, options);
    files.push_back({"calculator.openrpc.json", rpcforge::emit::emit_openrpc(service)});
    rpcforge::emit::EmitOptions edge_options;  // the global namespace
    for (const auto& edge : {rpcforge::emit::testing::empty_model(), rpcforge::emit::testing::events_model()})
        for (auto& file : rpcforge::emit::emit_cpp(edge, edge_options)) files.push_back(std::move(file));
    bool ok = true;
    for (const auto& file : files) ok = write(dir / file.name, file.content) && ok;
    if (!ok) std::cerr << "emit_calculator: cannot write to " << dir << "\n";
    return ok ? 0 : 1;
}
