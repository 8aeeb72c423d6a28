#pragma once
/// The JSON value type of the runtime and of generated code.

#include <rpcforge/detail/json_serializer.hpp>
#include <rpcforge/detail/ordered_object.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge {

/// nlohmann's JSON value with objects that keep their members in the order they were added
/// (read from the wire, written by a generated struct) and compare equal in any order.
/// Types whose conversions are written for nlohmann::json convert through one (in its order:
/// by name); declare `to_json(rpcforge::json&, const T&)` to keep yours.
using json = nlohmann::basic_json<detail::OrderedObject, std::vector, std::string, bool, std::int64_t, std::uint64_t,
                                  double, std::allocator, detail::JsonSerializer>;

/// Serialises a message as compact JSON for the wire. Strings that are not valid
/// UTF-8 (a handler may return any bytes) are repaired with U+FFFD instead of throwing,
/// so an answer can always be sent.
/// The text is exactly what value.dump(-1, ' ', false, json::error_handler_t::replace) makes,
/// written faster (every answer goes through it).
std::string to_wire(const json& value);

}  // namespace rpcforge
