#include "header_reader.hpp"

#include <algorithm>

namespace rpcforge::testing {
namespace {

const std::string prelude =
    "#include <rpcforge/annotations.hpp>\n#include <rpcforge/context.hpp>\n"
    "#include <cstdint>\n#include <map>\n#include <optional>\n#include <set>\n#include <string>\n"
    "#include <variant>\n#include <vector>\n#include <nlohmann/json.hpp>\n";

}  // namespace

ReadResult read_header(const std::string& body) {
    diagnostics::Sink sink;
    ReadResult out;
    out.header = frontend::cpp::read_header_text(prelude + body, "svc.hpp", {"-I" RPCFORGE_RUNTIME_INCLUDE_DIR}, sink);
    for (const auto& diagnostic : sink.all()) out.diagnostics.push_back(diagnostics::format(diagnostic));
    return out;
}

int line_of(const std::string& body, const std::string& needle) {
    const std::string text = prelude + body;
    const auto at = text.find(needle);
    return at == std::string::npos ? 0 : static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
}

}  // namespace rpcforge::testing
