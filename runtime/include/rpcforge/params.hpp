#pragma once
/// The one reader of a call's "params", for typed methods registered by hand (Dispatcher::add)
/// and for generated skeletons alike, so that both follow one set of rules (docs/dispatch.md,
/// "How parameters are read"):
///
/// - params may be absent, an array (by position) or an object (by name), as the method's
///   ParamStructure allows; an empty array or object is no parameters either way;
/// - surplus positions and unknown names are -32602, naming the count or the name;
/// - a parameter that may be absent is absent when left out: by name, or at the end of the
///   positions. A null in a position stands for an absent parameter (positions cannot be skipped
///   otherwise), unless the parameter's own type takes null. A null given by name is a value,
///   which only a type that takes null accepts;
/// - a value of the wrong type is -32602 naming the parameter (and the place inside it).

#include <rpcforge/convert.hpp>
#include <rpcforge/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace rpcforge {

/// How a method takes its parameters: OpenRPC's paramStructure.
enum class ParamStructure { by_name, by_position, either };

namespace detail {
template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;
}  // namespace detail

/// The "params" of one call, checked against the method's parameter names and structure.
/// Failures are ConversionError or Error -32602, both naming the parameter.
class Params {
public:
    /// Checks the structure (by name, by position), surplus positions and unknown names.
    Params(const json& params, std::span<const std::string_view> names, ParamStructure structure);
    Params(const json& params, std::initializer_list<std::string_view> names, ParamStructure structure)
        : Params(params, std::span<const std::string_view>(names.begin(), names.size()), structure) {}

    /// A parameter that must be given.
    template <class T>
    T required(std::size_t index, const char* name) const {
        const json* value = find(index, name);
        if (value == nullptr) throw ConversionError(name, "is missing");
        return detail::convert_at<T>(*value, [name] { return std::string(name); });
    }

    /// A parameter that may be absent: then nullopt.
    template <class T>
    std::optional<T> optional(std::size_t index, const char* name) const {
        const json* value = find(index, name);
        if (value == nullptr) return std::nullopt;
        if constexpr (!detail::is_optional<T>) {
            if (params_.is_array() && value->is_null()) return std::nullopt;
        }
        return detail::convert_at<T>(*value, [name] { return std::string(name); });
    }

    /// A parameter of C++ type T: optional when T is a std::optional, required otherwise. (A
    /// std::optional<std::optional<U>> may be absent, and given as null.)
    template <class T>
    T read(std::size_t index, const char* name) const {
        if constexpr (detail::is_optional<T>)
            return optional<typename T::value_type>(index, name);
        else
            return required<T>(index, name);
    }

private:
    const json* find(std::size_t index, const char* name) const;

    const json& params_;
};

/// For methods without parameters: -32602 unless params are absent, [] or {}.
void expect_no_params(const json& params);

}  // namespace rpcforge
