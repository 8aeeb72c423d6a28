#pragma once
/// The JSON value type of the runtime and of generated code.

#include <nlohmann/json.hpp>

#include <string>

namespace rpcforge {

using json = nlohmann::json;

/// Serialises a message as compact JSON for the wire. Strings that are not valid
/// UTF-8 (a handler may return any bytes) are repaired with U+FFFD instead of throwing,
/// so an answer can always be sent.
/// The text is exactly what value.dump(-1, ' ', false, json::error_handler_t::replace) makes,
/// written faster (every answer goes through it).
std::string to_wire(const json& value);

}  // namespace rpcforge
