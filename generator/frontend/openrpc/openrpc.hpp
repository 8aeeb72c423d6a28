#pragma once
// The OpenRPC frontend: an OpenRPC document (1.0 to 1.4), or a jsonrpcstub specification
// (told apart by its top-level array), to the service model.
//
// Stages: JSON with positions (json_source) -> validation against schema/*.json
// (schema_validator) -> mapping (openrpc_mapper, jsonrpcstub_mapper; types in type_mapper).
// A syntax or validation error stops before the mapping, which relies on the validated shape;
// within a stage, every problem is reported, each at its file:line:col and JSON pointer.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <string>
#include <string_view>

namespace rpcforge::frontend::openrpc {

/// Reads the file at `path`. On errors (reported to `sink`) the service is incomplete and
/// must not be used: check `sink.has_errors()`.
model::Service read_openrpc(const std::string& path, diagnostics::Sink& sink);

/// The same for `text`, as if read from a file named `file` (used in diagnostics, and, for
/// a jsonrpcstub specification, whose stem names the service).
model::Service read_openrpc_text(std::string_view text, const std::string& file, diagnostics::Sink& sink);

}  // namespace rpcforge::frontend::openrpc
