#include "read_support.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace rpcforge::frontend {
namespace {

TEST(ReadFile, ReadsAFileAndNamesItInDiagnostics) {
    auto path = std::filesystem::temp_directory_path() / "rpcforge_read_file_test.json";
    {
        std::ofstream out(path);
        out << R"({"openrpc": "1.3.2", "info": {"title": "T", "version": "1"},)"
               "\n"
            << R"( "methods": [{"name": "m", "params": [{"name": "p", "schema": {"type": "integer", "format": "int128"}}]}]})";
    }
    diagnostics::Sink sink;
    auto service = openrpc::read_openrpc(path.string(), sink);
    std::filesystem::remove(path);
    ASSERT_EQ(sink.all().size(), 1u);
    EXPECT_EQ(
        diagnostics::format(sink.all()[0]),
        path.string() + ":2:93: error: unsupported integer format 'int128' (at /methods/0/params/0/schema/format)");
    ASSERT_TRUE(service.has_value());
    EXPECT_EQ(service->methods.size(), 1u);
}

TEST(ReadFile, AMissingFileIsADiagnostic) {
    diagnostics::Sink sink;
    openrpc::read_openrpc("/nonexistent/calc.json", sink);
    ASSERT_EQ(sink.all().size(), 1u);
    EXPECT_EQ(diagnostics::format(sink.all()[0]),
              "/nonexistent/calc.json: error: cannot open the file: No such file or directory");
}

}  // namespace
}  // namespace rpcforge::frontend
