#pragma once
// A validated OpenRPC document to the service model.

#include "diagnostics/diagnostics.hpp"
#include "frontend/openrpc/json_source.hpp"
#include "model/model.hpp"

#include <set>
#include <string>

namespace rpcforge::frontend::openrpc {

/// Maps `document`, which must have passed schema/openrpc-input.schema.json but for
/// `invalid_parts` (see MappingContext), which are passed by. Everything the schema cannot say
/// (a $ref to nothing, an unsupported integer format, ...) is reported to `sink`, all of it:
/// the mapping goes on past each problem.
model::Service map_openrpc(const JsonDocument& document, diagnostics::Sink& sink,
                           std::set<std::string> invalid_parts = {});

}  // namespace rpcforge::frontend::openrpc
