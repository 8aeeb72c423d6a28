#pragma once
/// What the codecs of generated types (to_json / from_json of structs, enums and variants) call:
/// strict field reading that names the failing place, field writing in declared order, enum
/// and discriminator decoding. Called by generated code, not by users.

#include <rpcforge/convert.hpp>
#include <rpcforge/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace rpcforge {

namespace generated {

/// Generated types have a strict `from_json(in, out, where)` beside nlohmann's two-argument one.
template <class T>
concept has_strict_from_json = requires(const json& in, T& out, const std::string& where) {
    from_json(in, out, where);
};

}  // namespace generated

/// Generated types convert through their strict from_json, so errors name the failing field.
template <class T>
struct Converter<T, std::enable_if_t<generated::has_strict_from_json<T>>> {
    static T from(const json& value, const std::string& where) {
        T out{};
        from_json(value, out, where);
        return out;
    }
};

}  // namespace rpcforge

namespace rpcforge::generated {

/// `where` + "." + `name`: the place of a field, as ConversionError names it.
std::string field_path(const std::string& where, std::string_view name);
/// Throws ConversionError unless `in` is an object.
void expect_object(const json& in, const std::string& where);
/// The member `name` of an object, or null when absent.
const json* find_field(const json& in, std::string_view name);

/// A field that must be present; decoded as D (T itself, or the value a Box holds).
template <class D, class T>
void read_field(const json& in, const std::string& where, std::string_view name, T& out) {
    const json* value = find_field(in, name);
    if (value == nullptr) throw ConversionError(field_path(where, name), "is missing");
    out = rpcforge::detail::convert_at<D>(*value, [&] { return field_path(where, name); });
}

/// A field that may be absent (then `out` is empty); present, it is decoded as D. A null is
/// only accepted when D accepts it, so absent and null stay apart.
template <class D, class T>
void read_optional_field(const json& in, const std::string& where, std::string_view name, T& out) {
    const json* value = find_field(in, name);
    if (value == nullptr) {
        out = T();
        return;
    }
    out = rpcforge::detail::convert_at<D>(*value, [&] { return field_path(where, name); });
}

/// A field that takes `fallback` when absent.
template <class D, class T>
void read_field_or(const json& in, const std::string& where, std::string_view name, T& out,
                   const std::type_identity_t<T>& fallback) {
    const json* value = find_field(in, name);
    out = value == nullptr ? fallback : T(rpcforge::detail::convert_at<D>(*value, [&] { return field_path(where, name); }));
}

/// Writes a field. Generated code writes each field of an object once (the generator refuses
/// two fields of one name), so the member is added at once: out[name] = value would first put
/// a null there, then assign.
template <class T>
void write_field(json& out, std::string_view name, const T& value) {
    out.get_ref<json::object_t&>().emplace(name, to_json_value(value));
}

/// Writes a field that may be absent: nothing when `value` is empty.
template <class T>
void write_optional_field(json& out, std::string_view name, const T& value) {
    if (value) write_field(out, name, *value);
}

/// A default value written as JSON in the service description, decoded once per use.
template <class T>
T parse_default(std::string_view text) {
    return convert<T>(json::parse(text), "default");
}

[[noreturn]] void unknown_enum_value(const json& in, const std::string& where, const std::vector<std::string_view>& known);

/// Decodes an enum from its wire string.
template <class E>
E enum_from_json(const json& in, const std::string& where, std::initializer_list<std::pair<std::string_view, E>> values) {
    if (in.is_string()) {
        const auto& text = in.get_ref<const std::string&>();
        for (const auto& [wire, value] : values)
            if (wire == text) return value;
    }
    std::vector<std::string_view> known;
    for (const auto& entry : values) known.push_back(entry.first);
    unknown_enum_value(in, where, known);
}

/// The string value of a discriminated variant's discriminator property.
std::string discriminator(const json& in, const std::string& where, std::string_view property);
[[noreturn]] void unknown_discriminator(const std::string& where, std::string_view property, const std::string& value,
                                        std::initializer_list<std::string_view> known);
[[noreturn]] void no_alternative(const json& in, const std::string& where, std::string_view expected);

/// Tries one alternative of a variant tried in order: true, and `out` set, when `in` decodes as A.
template <class A, class V>
bool try_alternative(const json& in, const std::string& where, V& out) {
    try {
        out = convert<A>(in, where);
        return true;
    } catch (const ConversionError&) {
        return false;
    }
}

}  // namespace rpcforge::generated
