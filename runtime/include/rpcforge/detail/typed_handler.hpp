#pragma once
/// Adapts typed callables to the dispatcher's untyped handler signature: arguments are read by
/// rpcforge::Params, the reader generated code uses too, and the result encoded.

#include <rpcforge/context.hpp>
#include <rpcforge/convert.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/params.hpp>
#include <rpcforge/reply.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
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

/// Whether the last parameter is a Reply<T>: the handler answers through it, later.
template <class T>
inline constexpr bool is_reply = false;
template <class T>
inline constexpr bool is_reply<Reply<T>> = true;

template <class Tuple>
inline constexpr bool ends_in_reply = false;
template <class... A>
    requires(sizeof...(A) > 0)
inline constexpr bool ends_in_reply<std::tuple<A...>> =
    is_reply<std::remove_cvref_t<std::tuple_element_t<sizeof...(A) - 1, std::tuple<A...>>>>;

template <class F>
inline constexpr bool is_asynchronous = ends_in_reply<typename callable_traits<F>::args>;

/// The arguments of an asynchronous callable without its trailing Reply, and that Reply.
template <class Tuple, class Index = std::make_index_sequence<std::tuple_size_v<Tuple> - 1>>
struct split_reply;
template <class... A, std::size_t... I>
struct split_reply<std::tuple<A...>, std::index_sequence<I...>> {
    using args = std::tuple<std::tuple_element_t<I, std::tuple<A...>>...>;
    using reply = std::remove_cvref_t<std::tuple_element_t<sizeof...(A) - 1, std::tuple<A...>>>;
};

/// Reads the JSON arguments of `fn` (declared by `all_args`: a leading CallContext& is not
/// one) and calls it with them, the context if it asks for it, then `extra`. Arguments are
/// converted before the call, so a bad one never runs the handler.
template <class AllArgs, class F, std::size_t N, class... Extra>
decltype(auto) call_with_params(F& fn, const std::array<std::string, N>& names, const json& params,
                                CallContext& context, Extra&&... extra) {
    using args = typename json_args<AllArgs>::type;
    static_assert(std::tuple_size_v<args> == N,
                  "give one name per parameter (a leading CallContext& and a trailing Reply have none)");
    return [&]<std::size_t... I>(std::index_sequence<I...>) -> decltype(auto) {
        const std::array<std::string_view, N> views{std::string_view(names[I])...};
        const Params in(params, views, ParamStructure::either);
        std::tuple<std::remove_cvref_t<std::tuple_element_t<I, args>>...> values{
            in.read<std::remove_cvref_t<std::tuple_element_t<I, args>>>(I, names[I].c_str())...};
        if constexpr (takes_context<AllArgs>)
            return fn(context, std::move(std::get<I>(values))..., std::forward<Extra>(extra)...);
        else
            return fn(std::move(std::get<I>(values))..., std::forward<Extra>(extra)...);
    }(std::make_index_sequence<N>{});
}

/// Wraps `fn` as json(params, context), with `names` naming its JSON parameters in order.
template <class F, std::size_t N>
auto make_typed_handler(F fn, std::array<std::string, N> names) {
    using traits = callable_traits<F>;
    return [fn = std::move(fn), names = std::move(names)](const json& params, CallContext& context) mutable -> json {
        if constexpr (std::is_void_v<typename traits::result>) {
            call_with_params<typename traits::args>(fn, names, params, context);
            return nullptr;
        } else {
            return json(call_with_params<typename traits::args>(fn, names, params, context));
        }
    };
}

/// Wraps `fn`, whose last parameter is a Reply<T>, as void(params, context, Reply<json>).
template <class F, std::size_t N>
auto make_typed_async_handler(F fn, std::array<std::string, N> names) {
    using split = split_reply<typename callable_traits<F>::args>;
    using TypedReply = typename split::reply;
    static_assert(std::is_void_v<typename callable_traits<F>::result>, "an asynchronous handler answers through its Reply and returns void");
    return [fn = std::move(fn), names = std::move(names)](const json& params, CallContext& context,
                                                          Reply<json> reply) mutable {
        call_with_params<typename split::args>(fn, names, params, context, TypedReply(reply.state()));
    };
}

}  // namespace rpcforge::detail
