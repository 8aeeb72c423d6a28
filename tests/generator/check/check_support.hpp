#pragma once
// Checking hand-built models: every diagnostic as formatted text.

#include "check/check.hpp"
#include "model_builders.hpp"
#include "model_printer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rpcforge::check::testing {

using namespace model::testing;
using Lines = std::vector<std::string>;

inline Lines check_of(const model::Service& service) {
    diagnostics::Sink sink;
    check(service, sink);
    Lines lines;
    for (const auto& diagnostic : sink.all()) lines.push_back(diagnostics::format(diagnostic));
    return lines;
}

/// A service `Calc` with nothing in it, at m.json:1:1.
inline model::Service service() {
    model::Service out;
    out.name = name("Calc");
    out.location = at("m.json", 1, 1, "");
    return out;
}

/// `node` placed at m.json:<line>:1.
template <typename Node>
Node placed(Node node, int line) {
    node.location = at("m.json", line, 1, "");
    return node;
}

}  // namespace rpcforge::check::testing
