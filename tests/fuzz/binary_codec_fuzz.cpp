// A binary serialisation's decoder, as the runtime reads CBOR and MessagePack messages over
// HTTP and WebSocket (decode() in runtime/src/codec/codec.cpp): one program per serialisation
// (RPCFORGE_FUZZ_SERIALIZATION_cbor, _msgpack). The input is the message.
// - decode() gives a value or throws rpcforge::Error (-32700, or -32600 past the limits),
//   never anything else, whatever the declared lengths say;
// - a value it gives respects the depth limit, and encoded again it decodes to the same value.

#include "fuzz_support.hpp"

#include <rpcforge/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using rpcforge::fuzz::require;

#if defined(RPCFORGE_FUZZ_SERIALIZATION_cbor)
constexpr auto serialization = rpcforge::Serialization::cbor;
#elif defined(RPCFORGE_FUZZ_SERIALIZATION_msgpack)
constexpr auto serialization = rpcforge::Serialization::msgpack;
#else
#error "define RPCFORGE_FUZZ_SERIALIZATION_<serialization>"
#endif

void decodes_within_limits(std::string_view bytes, const rpcforge::Limits& limits) {
    rpcforge::json value;
    try {
        value = rpcforge::decode(bytes, limits, serialization);
    } catch (const rpcforge::Error& error) {
        require(error.code() == rpcforge::error_code::parse_error || error.code() == rpcforge::error_code::invalid_request,
                "decode refused with an unexpected code", error.what());
        return;
    }
    require(rpcforge::fuzz::depth_of(value) <= limits.max_depth, "decode gave a value nested past the limit");
    const auto again = rpcforge::decode(rpcforge::encode(value, serialization), limits, serialization);
    require(rpcforge::fuzz::same_value(again, value), "encoded and decoded again, the value changed", rpcforge::fuzz::text_of(value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    decodes_within_limits(bytes, rpcforge::Limits{});
    rpcforge::Limits tight;
    tight.max_depth = 3;
    decodes_within_limits(bytes, tight);
    return 0;
}
