// The test tool: writes the C++ files of the hand-built model of chat_service.hpp (a service
// declared in C++) into a directory, in the namespace chat_rpc, apart from the user's `chat`,
// so that the build can compile them against that header and run them.

#include "declared_model.hpp"
#include "emit/emit.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: emit_chat OUTPUT_DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    rpcforge::emit::EmitOptions options;
    options.cpp_namespace = "chat_rpc";
    options.input_file_name = "chat_service.hpp";
    options.file_stem = "chat";
    bool ok = true;
    for (const auto& file : rpcforge::emit::emit_cpp(rpcforge::emit::testing::declared_chat_model(), options)) {
        std::ofstream out(dir / file.name, std::ios::binary);
        out << file.content;
        ok = static_cast<bool>(out) && ok;
    }
    if (!ok) std::cerr << "emit_chat: cannot write to " << dir << "\n";
    return ok ? 0 : 1;
}
