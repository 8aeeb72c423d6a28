#pragma once
// rpcforge's own JSON Schemas (schema/*.json), compiled into the binary so that the generator
// needs no files beside it at run time.

#include <string_view>

namespace rpcforge::frontend::openrpc {

/// schema/openrpc-input.schema.json: the OpenRPC subset rpcforge reads.
std::string_view openrpc_input_schema();
/// schema/jsonrpcstub-input.schema.json: libjson-rpc-cpp's specification format.
std::string_view jsonrpcstub_input_schema();

}  // namespace rpcforge::frontend::openrpc
