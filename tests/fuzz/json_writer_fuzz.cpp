// The wire writer, to_wire() (runtime/src/codec/json_wire.cpp), against its documented promise:
// exactly the bytes of dump(-1, ' ', false, error_handler_t::replace), for every value, and a
// text that reads back as the same value wherever JSON can say it.
//
// The values come two ways from one input: the input parsed as JSON text (when it is), and the
// input read as a little program that builds any value nlohmann can hold, those JSON text
// cannot make included: strings of any bytes (invalid UTF-8), NaN and infinities, negative
// integers stored as signed and large ones as unsigned, binary values.

#include "fuzz_support.hpp"

#include <rpcforge/json.hpp>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using rpcforge::json;
using rpcforge::fuzz::FuzzBytes;
using rpcforge::fuzz::require;

/// Builds a value from the bytes; `exact` turns false when the value holds something JSON text
/// cannot say as it is (replaced UTF-8, a non-finite float, a binary value).
class ValueProgram {
public:
    explicit ValueProgram(FuzzBytes& bytes) : bytes_(bytes) {}

    json build(int depth = 0) {
        const auto op = bytes_.byte();
        const bool may_nest = depth < max_depth && !bytes_.empty();
        switch (op % 9) {
            case 0: return nullptr;
            case 1: return (op & 0x10) != 0;
            case 2: return static_cast<std::int64_t>(bytes_.u64());
            case 3: return bytes_.u64();
            case 4: return a_double();
            case 5: return a_string();
            case 6: return may_nest ? an_array(depth) : json::array();
            case 7: return may_nest ? an_object(depth) : json::object();
            default: return a_binary();
        }
    }

    bool exact() const { return exact_; }

private:
    static constexpr int max_depth = 32;

    json a_double() {
        const double number = std::bit_cast<double>(bytes_.u64());
        if (!std::isfinite(number)) exact_ = false;
        return number;
    }

    std::string a_string() {
        std::string text(bytes_.take(bytes_.byte() % 64));
        check_utf8(text);
        return text;
    }

    /// Invalid UTF-8 is written repaired, so it cannot read back as it was. nlohmann's strict
    /// dump is the judge of validity, as it is of the repair.
    void check_utf8(const std::string& text) {
        try {
            (void)json(text).dump();
        } catch (const json::type_error&) {
            exact_ = false;
        }
    }

    json an_array(int depth) {
        json array = json::array();
        for (int n = bytes_.byte() % 8; n > 0; --n) array.push_back(build(depth + 1));
        return array;
    }

    json an_object(int depth) {
        json object = json::object();
        for (int n = bytes_.byte() % 8; n > 0; --n) {
            auto key = a_string();
            object[key] = build(depth + 1);
        }
        return object;
    }

    json a_binary() {
        exact_ = false;
        const auto bytes = bytes_.take(bytes_.byte() % 16);
        json::binary_t binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        if (bytes_.byte() & 1) binary.set_subtype(bytes_.byte());
        return json::binary(std::move(binary));
    }

    FuzzBytes& bytes_;
    bool exact_ = true;
};

void check_written(const json& value, bool exact) {
    const std::string wire = rpcforge::to_wire(value);
    const std::string promised = value.dump(-1, ' ', false, json::error_handler_t::replace);
    require(wire == promised, "to_wire differs from nlohmann's dump", wire + "\n  vs " + promised);
    const json read_back = json::parse(wire, nullptr, false);
    require(!read_back.is_discarded(), "to_wire wrote a text that is not JSON", wire);
    if (exact) require(rpcforge::fuzz::same_value(read_back, value), "to_wire's text reads back as another value", wire);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const json parsed = json::parse(data, data + size, nullptr, false);
    if (!parsed.is_discarded()) check_written(parsed, true);

    FuzzBytes bytes(data, size);
    ValueProgram program(bytes);
    const json built = program.build();
    check_written(built, program.exact());
    return 0;
}
