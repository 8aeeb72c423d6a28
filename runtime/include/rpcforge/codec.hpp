#pragma once
/// Bytes to JSON, within limits. No I/O and no JSON-RPC semantics.

#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>
#include <rpcforge/limits.hpp>

#include <string_view>

namespace rpcforge {

/// Parses one JSON text. Throws Error: -32700 for text that is not JSON (invalid UTF-8
/// included), -32600 for a message over the size or nesting limits. Nesting is checked while
/// parsing, so a hostile message never builds a deep tree.
json decode(std::string_view text, const Limits& limits);

}  // namespace rpcforge
