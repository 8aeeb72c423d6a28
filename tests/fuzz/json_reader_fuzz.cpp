// The plain JSON reader, differentially against nlohmann, which it exists to outrun
// (runtime/src/codec/plain_json_reader.hpp). The input is the JSON text.
//
// 1. What the plain reader accepts, nlohmann accepts, giving the same value (kinds and float
//    bits included): its refusals are safe, since decode() then asks nlohmann, but its
//    acceptances are final.
// 2. decode(), the runtime's entry, agrees with nlohmann::json::parse: the same texts accepted
//    with the same values, every other text refused with -32700, or -32600 when it nests past
//    the limit. Checked with the default limits (deeper than the plain reader goes, so both
//    paths are taken) and with a depth limit of 4 (the limit cuts into the plain reader).

#include "codec/plain_json_reader.hpp"
#include "fuzz_support.hpp"

#include <rpcforge/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using rpcforge::json;
using rpcforge::fuzz::require;

void plain_reader_agrees(std::string_view text, const json& reference, bool reference_valid) {
    json plain;
    nlohmann::detail::json_sax_dom_parser<json> builder(plain, false);
    if (!rpcforge::detail::read_plain_json(text, builder)) return;
    require(reference_valid, "the plain reader accepted a text nlohmann refuses", text);
    require(rpcforge::fuzz::same_value(plain, reference), "the plain reader read another value than nlohmann",
            rpcforge::fuzz::text_of(plain) + " vs " + rpcforge::fuzz::text_of(reference));
}

void decode_agrees(std::string_view text, const json& reference, bool reference_valid, std::size_t max_depth) {
    rpcforge::Limits limits;
    limits.max_depth = max_depth;
    try {
        const json decoded = rpcforge::decode(text, limits);
        require(reference_valid, "decode accepted a text nlohmann refuses", text);
        require(rpcforge::fuzz::depth_of(reference) <= max_depth, "decode accepted a text nested past the limit");
        require(rpcforge::fuzz::same_value(decoded, reference), "decode read another value than nlohmann",
                rpcforge::fuzz::text_of(decoded) + " vs " + rpcforge::fuzz::text_of(reference));
    } catch (const rpcforge::Error& error) {
        const bool too_deep = error.code() == rpcforge::error_code::invalid_request;
        require(too_deep || error.code() == rpcforge::error_code::parse_error, "decode refused with an unexpected code");
        // An invalid text may nest past the limit before its error: either verdict is right then.
        if (reference_valid) {
            require(too_deep, "decode refused a text nlohmann accepts", std::string(text) + ": " + error.what());
            require(rpcforge::fuzz::depth_of(reference) > max_depth, "decode called a text too deep that is not");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const json reference = json::parse(text, nullptr, false);  // nlohmann's verdict, strict as decode's
    const bool reference_valid = !reference.is_discarded();
    plain_reader_agrees(text, reference, reference_valid);
    decode_agrees(text, reference, reference_valid, rpcforge::Limits{}.max_depth);
    decode_agrees(text, reference, reference_valid, 4);
    return 0;
}
