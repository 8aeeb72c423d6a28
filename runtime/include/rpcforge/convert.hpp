#pragma once
/// Checked conversion of JSON values to C++ types, for typed handlers and generated codecs.
/// Unlike nlohmann's get<T>(), integers are range-checked and never truncated from floats,
/// and a failure names the value's place and what was expected.

#include <rpcforge/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace rpcforge {

/// A value did not have the expected type. `where()` names its place, e.g. "values[2]".
class ConversionError : public std::runtime_error {
public:
    ConversionError(std::string where, std::string problem)
        : std::runtime_error("'" + where + "' " + problem), where_(std::move(where)), problem_(std::move(problem)) {}
    const std::string& where() const noexcept { return where_; }
    /// What is wrong, without the place: "must be a string, got null".
    const std::string& problem() const noexcept { return problem_; }

private:
    std::string where_;
    std::string problem_;
};

template <class T, class Enable = void>
struct Converter;

namespace detail {
const char* json_kind(const json& value);
[[noreturn]] void conversion_failed(const std::string& where, const char* expected, const json& got);

/// Whether the places that T's conversion names in its errors are always `where` followed by
/// a suffix of its own ("", "[2]", ".key"), the empty `where` included: true of scalars, enums,
/// and the standard containers of such. Not of generated structs: at the top, with no `where`,
/// their fields name themselves without the leading dot.
template <class T>
inline constexpr bool places_as_suffix =
    std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string> || std::is_same_v<T, json>;
template <class T>
inline constexpr bool places_as_suffix<std::optional<T>> = places_as_suffix<T>;
template <class T>
inline constexpr bool places_as_suffix<std::vector<T>> = places_as_suffix<T>;
template <class T>
inline constexpr bool places_as_suffix<std::map<std::string, T>> = places_as_suffix<T>;

const std::string& no_place();

/// Converts a part of a larger value (a field, an element), whose place `place()` spells out,
/// e.g. "order.items[3].sku". A place is text made for an error message, so for the types
/// whose errors allow it (places_as_suffix) it is made only when the conversion fails: the part
/// is converted with no place, and the error gets the part's place put in front.
template <class T, class Place>
T convert_at(const json& value, const Place& place) {
    if constexpr (places_as_suffix<T>) {
        try {
            return Converter<T, void>::from(value, no_place());
        } catch (const ConversionError& error) {
            throw ConversionError(place() + error.where(), error.problem());
        }
    } else {
        return Converter<T, void>::from(value, place());
    }
}
}  // namespace detail

/// Converts `value` to T; throws ConversionError naming `where` on a mismatch, and a place
/// inside the value as `where` followed by its own part (where + "[2]", where + ".name").
/// `where` is empty for a part of a larger value whose place is put in front of the error
/// only if there is one (detail::convert_at).
/// Extend it for your own types by specialising Converter<T>, or rely on nlohmann's
/// from_json for them (errors then carry nlohmann's text).
template <class T, class Enable>
struct Converter {
    static T from(const json& value, const std::string& where) {
        try {
            return value.get<T>();
        } catch (const json::exception& e) {
            throw ConversionError(where, std::string("is not valid: ") + e.what());
        }
    }
};

template <class T>
T convert(const json& value, const std::string& where) {
    return Converter<T>::from(value, where);
}

template <>
struct Converter<json> {
    static json from(const json& value, const std::string&) { return value; }
};

template <>
struct Converter<bool> {
    static bool from(const json& value, const std::string& where) {
        if (!value.is_boolean()) detail::conversion_failed(where, "a boolean", value);
        return value.get<bool>();
    }
};

template <>
struct Converter<std::string> {
    static std::string from(const json& value, const std::string& where) {
        if (!value.is_string()) detail::conversion_failed(where, "a string", value);
        return value.get<std::string>();
    }
};

template <class T>
struct Converter<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static T from(const json& value, const std::string& where) {
        if (!value.is_number()) detail::conversion_failed(where, "a number", value);
        return value.get<T>();
    }
};

template <class T>
struct Converter<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static T from(const json& value, const std::string& where) {
        if (value.is_number_unsigned()) {
            auto v = value.get<std::uint64_t>();
            if (v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(v);
        } else if (value.is_number_integer()) {
            auto v = value.get<std::int64_t>();
            if constexpr (std::is_signed_v<T>) {
                if (v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max())
                    return static_cast<T>(v);
            } else if (v >= 0 && static_cast<std::uint64_t>(v) <= std::numeric_limits<T>::max()) {
                return static_cast<T>(v);
            }
        } else {
            detail::conversion_failed(where, "an integer", value);
        }
        throw ConversionError(where, "is out of range: " + value.dump() + " is not in [" +
                                         std::to_string(std::numeric_limits<T>::min()) + ", " +
                                         std::to_string(std::numeric_limits<T>::max()) + "]");
    }
};

template <class T>
struct Converter<std::optional<T>> {
    static std::optional<T> from(const json& value, const std::string& where) {
        if (value.is_null()) return std::nullopt;
        return convert<T>(value, where);
    }
};

template <class T>
struct Converter<std::vector<T>> {
    static std::vector<T> from(const json& value, const std::string& where) {
        if (!value.is_array()) detail::conversion_failed(where, "an array", value);
        const auto& elements = value.get_ref<const json::array_t&>();
        std::vector<T> out;
        out.reserve(elements.size());
        for (std::size_t i = 0; i < elements.size(); ++i)
            out.push_back(detail::convert_at<T>(elements[i], [&] { return where + "[" + std::to_string(i) + "]"; }));
        return out;
    }
};

template <class T>
struct Converter<std::map<std::string, T>> {
    static std::map<std::string, T> from(const json& value, const std::string& where) {
        if (!value.is_object()) detail::conversion_failed(where, "an object", value);
        std::map<std::string, T> out;
        // Not a structured binding: Clang 14 (which reads users' headers) refuses to capture one.
        for (const auto& member : value.items()) {
            const auto& key = member.key();
            out.emplace(key, detail::convert_at<T>(member.value(), [&] { return where + "." + key; }));
        }
        return out;
    }
};

/// Encodes values to JSON; specialise it for your own types, or give them an nlohmann to_json.
/// Unlike json(value), it knows std::optional (null when empty), and rpcforge::Box at any depth.
template <class T, class Enable = void>
struct Encoder {
    static json to(const T& value) { return json(value); }
};

template <class T>
json to_json_value(const T& value) {
    return Encoder<T>::to(value);
}

template <class T>
struct Encoder<std::optional<T>> {
    static json to(const std::optional<T>& value) { return value ? to_json_value(*value) : json(nullptr); }
};

template <class T>
struct Encoder<std::vector<T>> {
    static json to(const std::vector<T>& values) {
        json out = json::array();
        auto& elements = out.get_ref<json::array_t&>();
        elements.reserve(values.size());
        for (const auto& value : values) elements.push_back(to_json_value<T>(value));
        return out;
    }
};

template <class T>
struct Encoder<std::map<std::string, T>> {
    static json to(const std::map<std::string, T>& values) {
        json out = json::object();
        for (const auto& [key, value] : values) out[key] = to_json_value(value);
        return out;
    }
};

}  // namespace rpcforge
