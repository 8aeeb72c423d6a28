#pragma once
// libjson-rpc-cpp's jsonrpcstub specifications to the service model.
//
// A specification is an array of procedures: {"name", "params": [examples] or {name: example},
// "returns": example}. Types are inferred from the example values: integers -> int64, other
// numbers -> number, strings, booleans, arrays from their first element (json when empty),
// objects -> structs named after their place, null -> json. Positional params become
// param1..N by position, named params by name; no "returns" makes a notification.

#include "diagnostics/diagnostics.hpp"
#include "frontend/openrpc/json_source.hpp"
#include "model/model.hpp"

#include <string>

namespace rpcforge::frontend::openrpc {

/// Maps `document`, which must have passed schema/jsonrpcstub-input.schema.json. The service
/// is named after `service_name` (the file's stem), as the format has no name of its own.
model::Service map_jsonrpcstub(const JsonDocument& document, const std::string& service_name, diagnostics::Sink& sink);

}  // namespace rpcforge::frontend::openrpc
