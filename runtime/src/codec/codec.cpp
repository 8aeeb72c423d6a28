#include <rpcforge/codec.hpp>

#include "codec/plain_json_reader.hpp"

#include <string>

namespace rpcforge {
namespace {

/// Builds the DOM through nlohmann's own SAX builder, refusing to go deeper than the limit,
/// so that "[[[[…" a million levels deep costs nothing but the scan up to the limit.
class DepthLimitedBuilder {
public:
    DepthLimitedBuilder(json& result, std::size_t max_depth) : dom_(result, false), max_depth_(max_depth) {}

    bool null() { return dom_.null(); }
    bool boolean(bool value) { return dom_.boolean(value); }
    bool number_integer(json::number_integer_t value) { return dom_.number_integer(value); }
    bool number_unsigned(json::number_unsigned_t value) { return dom_.number_unsigned(value); }
    bool number_float(json::number_float_t value, const json::string_t& text) { return dom_.number_float(value, text); }
    bool string(json::string_t& value) { return dom_.string(value); }
    bool binary(json::binary_t& value) { return dom_.binary(value); }
    bool start_object(std::size_t size) { return deeper() && dom_.start_object(size); }
    bool key(json::string_t& value) { return dom_.key(value); }
    bool end_object() { --depth_; return dom_.end_object(); }
    bool start_array(std::size_t size) { return deeper() && dom_.start_array(size); }
    bool end_array() { --depth_; return dom_.end_array(); }
    bool parse_error(std::size_t, const std::string&, const json::exception& error) {
        syntax_error_ = error.what();
        return false;
    }

    bool too_deep() const { return too_deep_; }
    const std::string& syntax_error() const { return syntax_error_; }

private:
    bool deeper() {
        if (++depth_ <= max_depth_) return true;
        too_deep_ = true;
        return false;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::size_t max_depth_;
    std::size_t depth_ = 0;
    bool too_deep_ = false;
    std::string syntax_error_;
};

/// nlohmann's texts start with "[json.exception.parse_error.101] "; the rest is for people.
std::string without_exception_id(const std::string& text) {
    auto end = text.find("] ");
    return end == std::string::npos ? text : text.substr(end + 2);
}

nlohmann::detail::input_format_t input_format_of(Serialization serialization) {
    switch (serialization) {
        case Serialization::json: return nlohmann::detail::input_format_t::json;
        case Serialization::cbor: return nlohmann::detail::input_format_t::cbor;
        case Serialization::msgpack: return nlohmann::detail::input_format_t::msgpack;
    }
    return nlohmann::detail::input_format_t::json;
}

/// Runs the parser. The DOM builder throws for a binary container whose declared length no
/// vector could hold; that is malformed input like any other.
bool parse_into(DepthLimitedBuilder& builder, std::string_view bytes, Serialization serialization) {
    try {
        return json::sax_parse(bytes.begin(), bytes.end(), &builder, input_format_of(serialization));
    } catch (const json::exception& error) {
        builder.parse_error(0, {}, error);
        return false;
    }
}

}  // namespace

json decode(std::string_view bytes, const Limits& limits, Serialization serialization) {
    if (bytes.size() > limits.max_message_bytes)
        throw Error(error_code::invalid_request, "Invalid Request",
                    "message of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                        std::to_string(limits.max_message_bytes) + " bytes");
    if (serialization == Serialization::json) {
        json plain;
        DepthLimitedBuilder builder(plain, limits.max_depth);
        if (detail::read_plain_json(bytes, builder)) return plain;
    }
    // Not plain JSON, or not JSON: nlohmann reads it (again), and its verdict stands.
    json result;
    DepthLimitedBuilder builder(result, limits.max_depth);
    if (parse_into(builder, bytes, serialization)) return result;
    if (builder.too_deep())
        throw Error(error_code::invalid_request, "Invalid Request",
                    "nesting deeper than " + std::to_string(limits.max_depth) + " levels");
    throw Error(error_code::parse_error, "Parse error", without_exception_id(builder.syntax_error()));
}

std::string encode(const json& message, Serialization serialization) {
    std::string bytes;
    switch (serialization) {
        case Serialization::json: return to_wire(message);
        case Serialization::cbor: json::to_cbor(message, bytes); break;
        case Serialization::msgpack: json::to_msgpack(message, bytes); break;
    }
    return bytes;
}

}  // namespace rpcforge
