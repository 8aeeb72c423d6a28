#pragma once
/// Bytes to JSON and back, within limits. No I/O and no JSON-RPC semantics.

#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>
#include <rpcforge/limits.hpp>
#include <rpcforge/serialization.hpp>

#include <string>
#include <string_view>

namespace rpcforge {

/// Parses one message. Throws Error: -32700 for bytes that are not one whole value of the
/// serialisation (invalid UTF-8 in JSON included), -32600 for a message over the size or
/// nesting limits. Nesting is checked while parsing, so a hostile message never builds a deep
/// tree; a binary message's declared lengths are never trusted ahead of the bytes that follow.
json decode(std::string_view bytes, const Limits& limits, Serialization serialization = Serialization::json);

/// Writes one message. JSON as to_wire() does; CBOR and MessagePack with nlohmann's writers.
std::string encode(const json& message, Serialization serialization);

}  // namespace rpcforge
