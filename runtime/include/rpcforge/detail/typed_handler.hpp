#pragma once
/// Adapts typed callables to the dispatcher's untyped handler signature: arguments are
/// read by name or by position, converted with rpcforge::convert, and the result encoded.

#include <rpcforge/context.hpp>
#include <rpcforge/convert.hpp>
#include <rpcforge/error.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace rpcforge::detail {

template <class T>
struct callable_traits : callable_traits<decltype(&std::decay_t<T>::operator())> {};

template <class R, class... A>
struct callable_traits<R (*)(A...)> {
    using result = R;
    using args = std::tuple<A...>;
};
template <class R, class... A>
struct callable_traits<R (*)(A...) noexcept> : callable_traits<R (*)(A...)> {};
template <class R, class C, class... A>
struct callable_traits<R (C::*)(A...)> : callable_traits<R (*)(A...)> {};
template <class R, class C, class... A>
struct callable_traits<R (C::*)(A...) const> : callable_traits<R (*)(A...)> {};
template <class R, class C, class... A>
struct callable_traits<R (C::*)(A...) noexcept> : callable_traits<R (*)(A...)> {};
template <class R, class C, class... A>
struct callable_traits<R (C::*)(A...) const noexcept> : callable_traits<R (*)(A...)> {};

template <class Tuple>
inline constexpr bool takes_context = false;
template <class First, class... Rest>
inline constexpr bool takes_context<std::tuple<First, Rest...>> =
    std::is_same_v<std::remove_cvref_t<First>, CallContext>;

template <class Tuple>
struct json_args;  // the arguments that come from JSON: all but a leading CallContext
template <class... A>
struct json_args<std::tuple<A...>> {
    using type = std::tuple<A...>;
};
template <class First, class... Rest>
    requires std::is_same_v<std::remove_cvref_t<First>, CallContext>
struct json_args<std::tuple<First, Rest...>> {
    using type = std::tuple<Rest...>;
};

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

/// Checks the shape of params against the declared names: no surplus positions, no unknown names.
void check_param_shape(const json& params, const std::string* names, std::size_t count);

/// Reads parameter `index` from positional or named params.
template <class T>
T read_param(const json& params, std::size_t index, const std::string& name) {
    const json* value = nullptr;
    if (params.is_array() && index < params.size()) {
        value = &params[index];
    } else if (params.is_object()) {
        auto it = params.find(name);
        if (it != params.end()) value = &*it;
    }
    if (value == nullptr) {
        if constexpr (is_optional<T>) return std::nullopt;
        throw ConversionError(name, "is missing");
    }
    return convert<T>(*value, name);
}

/// Wraps `fn` as json(params, context), with `names` naming its JSON parameters in order.
template <class F, std::size_t N>
auto make_typed_handler(F fn, std::array<std::string, N> names) {
    using traits = callable_traits<F>;
    using args = typename json_args<typename traits::args>::type;
    static_assert(std::tuple_size_v<args> == N, "give one name per parameter (a leading CallContext& has none)");

    return [fn = std::move(fn), names = std::move(names)](const json& params, CallContext& context) mutable -> json {
        check_param_shape(params, names.data(), N);
        auto call = [&]<std::size_t... I>(std::index_sequence<I...>) -> decltype(auto) {
            // Arguments are converted before the call, so a bad one never runs the handler.
            std::tuple<std::remove_cvref_t<std::tuple_element_t<I, args>>...> values{
                read_param<std::remove_cvref_t<std::tuple_element_t<I, args>>>(params, I, names[I])...};
            if constexpr (takes_context<typename traits::args>)
                return fn(context, std::move(std::get<I>(values))...);
            else
                return fn(std::move(std::get<I>(values))...);
        };
        if constexpr (std::is_void_v<typename traits::result>) {
            call(std::make_index_sequence<N>{});
            return nullptr;
        } else {
            return json(call(std::make_index_sequence<N>{}));
        }
    };
}

}  // namespace rpcforge::detail
