#include <rpcforge/convert.hpp>

namespace rpcforge::detail {

const char* json_kind(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        case json::value_t::number_float: return "a number";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "an unsupported value";
    }
}

const std::string& no_place() {
    static const std::string none;
    return none;
}

void conversion_failed(const std::string& where, const char* expected, const json& got) {
    throw ConversionError(where, std::string("must be ") + expected + ", got " + json_kind(got));
}

}  // namespace rpcforge::detail
