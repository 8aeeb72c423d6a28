// The generator's OpenRPC input, end to end as `rpcforge generate` runs it (reader, schema
// validation, mapping, checks, emitters; generator/frontend/openrpc, check, emit). The input
// is the document. Any input gives diagnostics or code, never a crash or a hang:
// - a document with errors has at least one error diagnostic, and they print;
// - a document without errors emits C++ and OpenRPC, and the OpenRPC emitted reads back
//   without errors into a model that passes the checks and emits the same C++
//   (generator/emit/OPENRPC.md: rpcforge's own output reads back to the same model);
// - `rpcforge diff` sees no change between the document and what it reads back as, and
//   compares the two either way without a crash.

#include "fuzz_support.hpp"

#include "check/check.hpp"
#include "diagnostics/diagnostics.hpp"
#include "diff/diff.hpp"
#include "emit/emit.hpp"
#include "frontend/openrpc/openrpc.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using rpcforge::fuzz::require;
namespace diagnostics = rpcforge::diagnostics;
namespace model = rpcforge::model;

std::string printed(const diagnostics::Sink& sink) {
    std::ostringstream out;
    sink.print(out);
    return out.str();
}

/// The checked service of `text`, or nothing when it has errors (which must be reported).
std::optional<model::Service> read_checked(std::string_view text) {
    diagnostics::Sink sink;
    auto service = rpcforge::frontend::openrpc::read_openrpc_text(text, "fuzz.openrpc.json", sink);
    // As the driver does: what could be read is checked after reading problems too.
    if (service) rpcforge::check::check(*service, sink);
    const auto report = printed(sink);
    if (!sink.has_errors()) return service;
    require(report.find(": error: ") != std::string::npos, "errors without an error diagnostic", report);
    return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto service = read_checked(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!service) return 0;
    rpcforge::emit::EmitOptions options;
    options.input_file_name = "fuzz.openrpc.json";
    options.cpp_namespace = "fuzzed";
    const auto files = rpcforge::emit::emit_cpp(*service, options);
    const auto document = rpcforge::emit::emit_openrpc(*service);

    diagnostics::Sink sink;
    const auto again = rpcforge::frontend::openrpc::read_openrpc_text(document, "emitted.openrpc.json", sink);
    if (again) rpcforge::check::check(*again, sink);
    require(again && !sink.has_errors(), "the emitted OpenRPC does not read back", printed(sink) + "\n" + document);
    require(rpcforge::emit::emit_cpp(*again, options) == files, "the emitted OpenRPC reads back as other C++", document);
    require(rpcforge::emit::emit_openrpc(*again) == document, "the emitted OpenRPC reads back as another document",
            document);
    diagnostics::Sink changes;
    rpcforge::diff::compare(*service, *again, changes);
    rpcforge::diff::compare(*again, *service, changes);
    require(changes.all().empty(), "rpcforge diff sees changes between a document and its normalised form",
            printed(changes) + "\n" + document);
    return 0;
}
