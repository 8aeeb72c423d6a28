// How long `rpcforge generate` takes on a large service (200 methods, 100 types): the whole
// pipeline, then each stage, so that a slow stage shows itself. The bar: well under a
// second for the whole run.

#include "large_service.hpp"

#include "check/check.hpp"
#include "diagnostics/diagnostics.hpp"
#include "driver/driver.hpp"
#include "emit/emit.hpp"
#include "frontend/openrpc/openrpc.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace {

using namespace rpcforge;

constexpr int method_count = 200;
constexpr int type_count = 100;

const std::string& document_text() {
    static const std::string text = bench::large_service(method_count, type_count).dump(2);
    return text;
}

model::Service read_checked() {
    diagnostics::Sink sink;
    auto service = frontend::openrpc::read_openrpc_text(document_text(), "large.openrpc.json", sink);
    if (service) check::check(*service, sink);
    if (!service || sink.has_errors()) {
        std::ostringstream errors;
        sink.print(errors);
        throw std::runtime_error("the benchmark's document has errors:\n" + errors.str());
    }
    return std::move(*service);
}

emit::EmitOptions emit_options() {
    emit::EmitOptions options;
    options.cpp_namespace = "large";
    options.input_file_name = "large.openrpc.json";
    return options;
}

/// The command as a build runs it: read the file, check, emit, write the four files.
void generate_command(benchmark::State& state) {
    auto dir = std::filesystem::temp_directory_path() / ("rpcforge-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    driver::Options options;
    options.input = dir / "large.openrpc.json";
    options.output = dir / "out";
    options.cpp_namespace = "large";
    std::ofstream(options.input) << document_text();
    std::ostringstream errors;
    for (auto _ : state) {
        // A fresh output directory each time: every file is written, as in a first build.
        state.PauseTiming();
        std::filesystem::remove_all(options.output);
        state.ResumeTiming();
        if (driver::generate(options, errors) != 0) state.SkipWithError(errors.str().c_str());
    }
    std::filesystem::remove_all(dir);
}
BENCHMARK(generate_command)->Unit(benchmark::kMillisecond);

void read_and_validate(benchmark::State& state) {
    for (auto _ : state) {
        diagnostics::Sink sink;
        benchmark::DoNotOptimize(frontend::openrpc::read_openrpc_text(document_text(), "large.openrpc.json", sink));
    }
}
BENCHMARK(read_and_validate)->Unit(benchmark::kMillisecond);

void check_model(benchmark::State& state) {
    auto service = read_checked();
    for (auto _ : state) {
        diagnostics::Sink sink;
        check::check(service, sink);
        benchmark::DoNotOptimize(sink.has_errors());
    }
}
BENCHMARK(check_model)->Unit(benchmark::kMillisecond);

void emit_cpp_files(benchmark::State& state) {
    auto service = read_checked();
    auto options = emit_options();
    for (auto _ : state) benchmark::DoNotOptimize(emit::emit_cpp(service, options));
}
BENCHMARK(emit_cpp_files)->Unit(benchmark::kMillisecond);

void emit_openrpc_document(benchmark::State& state) {
    auto service = read_checked();
    for (auto _ : state) benchmark::DoNotOptimize(emit::emit_openrpc(service));
}
BENCHMARK(emit_openrpc_document)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
