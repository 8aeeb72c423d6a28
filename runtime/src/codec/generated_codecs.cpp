#include <rpcforge/generated_codecs.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace rpcforge::generated {

namespace {

std::string quoted_list(const std::vector<std::string_view>& values) {
    std::string out;
    for (const auto& value : values) out += (out.empty() ? "\"" : ", \"") + std::string(value) + "\"";
    return out;
}

}  // namespace

std::string field_path(const std::string& where, std::string_view name) {
    return where.empty() ? std::string(name) : where + "." + std::string(name);
}

void expect_object(const json& in, const std::string& where) {
    if (!in.is_object()) rpcforge::detail::conversion_failed(where, "an object", in);
}

const json* find_field(const json& in, std::string_view name) {
    auto it = in.find(name);
    return it == in.end() ? nullptr : &*it;
}

void unknown_enum_value(const json& in, const std::string& where, const std::vector<std::string_view>& known) {
    if (!in.is_string()) rpcforge::detail::conversion_failed(where, "a string", in);
    throw ConversionError(where, "must be one of " + quoted_list(known) + ", got " + in.dump());
}

std::string discriminator(const json& in, const std::string& where, std::string_view property) {
    expect_object(in, where);
    const json* value = find_field(in, property);
    if (value == nullptr) throw ConversionError(field_path(where, property), "is missing");
    if (!value->is_string()) rpcforge::detail::conversion_failed(field_path(where, property), "a string", *value);
    return value->get<std::string>();
}

void unknown_discriminator(const std::string& where, std::string_view property, const std::string& value,
                           std::initializer_list<std::string_view> known) {
    throw ConversionError(field_path(where, property),
                          "must be one of " + quoted_list({known.begin(), known.end()}) + ", got " + json(value).dump());
}

void no_alternative(const json& in, const std::string& where, std::string_view expected) {
    throw ConversionError(where, "must be " + std::string(expected) + ", got " + rpcforge::detail::json_kind(in));
}

}  // namespace rpcforge::generated
