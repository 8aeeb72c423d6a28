#pragma once
// The OpenRPC frontend: an OpenRPC document (1.0 to 1.4), or a jsonrpcstub specification
// (told apart by its top-level array), to the service model.
//
// Stages: JSON with positions (json_source) -> validation against schema/*.json
// (schema_validator) -> mapping (openrpc_mapper, jsonrpcstub_mapper; types in type_mapper).
// A syntax error stops before validation. A validation error inside a method or a component
// leaves that part out of the mapping (which relies on the validated shape) and the rest is
// mapped, so one run reports the problems of every part; one elsewhere (info, the shape of the
// document) stops before the mapping. Each problem is at its file:line:col and JSON pointer.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rpcforge::frontend::openrpc {

/// Reads the file at `path`: nothing when the document could not be mapped at all. With
/// errors (reported to `sink`) a service that is there has been mapped without the parts in
/// error: good for further checks that report more problems, not for generating code.
std::optional<model::Service> read_openrpc(const std::string& path, diagnostics::Sink& sink);

/// The same for `text`, as if read from a file named `file` (used in diagnostics, and, for
/// a jsonrpcstub specification, whose stem names the service).
std::optional<model::Service> read_openrpc_text(std::string_view text, const std::string& file,
                                                diagnostics::Sink& sink);

}  // namespace rpcforge::frontend::openrpc
