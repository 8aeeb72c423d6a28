// The codecs rpcforge generates, for a service made of every kind of type it maps
// (struct_heavy.openrpc.json: nested and recursive structs, optional and nullable fields,
// defaults, enums, variants with and without a discriminator, maps, arrays of arrays, every
// integer format, any-JSON). The input is a JSON text, read as each of the service's types:
// - reading it gives the value or a ConversionError, nothing else;
// - a value read, encoded, and read again is the same value, and encodes to the same JSON.

#include "fuzz_support.hpp"
#include "struct_heavy_types.hpp"

#include <rpcforge/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using rpcforge::json;
using rpcforge::fuzz::require;

template <class T>
void round_trips(const json& input) {
    T value;
    try {
        value = rpcforge::convert<T>(input, "value");
    } catch (const rpcforge::ConversionError&) {
        return;  // not a T: refused with the place named, which the generator's tests check
    }
    const json encoded = rpcforge::to_json_value(value);
    const T again = rpcforge::convert<T>(encoded, "value");
    require(again == value, "decode, encode, decode gives another value", rpcforge::fuzz::text_of(input) + " -> " + rpcforge::fuzz::text_of(encoded));
    require(rpcforge::fuzz::same_value(rpcforge::to_json_value(again), encoded), "a value encodes two ways",
            rpcforge::fuzz::text_of(encoded));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    json input;
    try {
        input = rpcforge::decode(std::string_view(reinterpret_cast<const char*>(data), size), rpcforge::Limits{});
    } catch (const rpcforge::Error&) {
        return 0;
    }
    round_trips<heavy::Shipment>(input);
    round_trips<heavy::Receipt>(input);
    round_trips<heavy::Item>(input);
    round_trips<heavy::Address>(input);
    round_trips<heavy::Position>(input);
    round_trips<heavy::Event>(input);
    round_trips<heavy::Quantity>(input);
    round_trips<heavy::Priority>(input);
    return 0;
}
