#pragma once
// Reading test documents: the service and every diagnostic as formatted text.

#include "frontend/openrpc/openrpc.hpp"
#include "model_printer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rpcforge::frontend::testing {

struct ReadResult {
    model::Service service;
    std::vector<std::string> diagnostics;
};

inline ReadResult read_text(std::string_view text, const std::string& file = "t.json") {
    diagnostics::Sink sink;
    ReadResult result;
    result.service = openrpc::read_openrpc_text(text, file, sink).value_or(model::Service{});
    for (const auto& diagnostic : sink.all()) result.diagnostics.push_back(diagnostics::format(diagnostic));
    return result;
}

/// The service read from `text`, which must read without diagnostics, locations cleared.
inline model::Service read_clean(std::string_view text, const std::string& file = "t.json") {
    auto result = read_text(text, file);
    EXPECT_EQ(result.diagnostics, std::vector<std::string>{});
    return model::testing::without_locations(std::move(result.service));
}

inline std::vector<std::string> diagnostics_of(std::string_view text) { return read_text(text).diagnostics; }

/// A one-line OpenRPC document around `methods` (a JSON array) and `components` (an object).
/// Its fixed prefix is 72 characters long: the methods array starts at column 73; with_param's
/// schema starts at column 141.
inline std::string document(const std::string& methods, const std::string& components = "{}") {
    return R"({"openrpc": "1.3.2", "info": {"title": "T", "version": "1"}, "methods": )" + methods +
           R"(, "components": )" + components + "}";
}

/// A document with one method `m` whose one required parameter `p` has `schema`, beside
/// components.schemas `schemas`.
inline std::string with_param(const std::string& schema, const std::string& schemas = "{}") {
    return document(R"([{"name": "m", "params": [{"name": "p", "required": true, "schema": )" + schema + "}]}]",
                    R"({"schemas": )" + schemas + "}");
}

}  // namespace rpcforge::frontend::testing
