#pragma once
// How rpcforge::json converts other types: nlohmann's way, and for types whose conversions are
// written for nlohmann::json alone (its NLOHMANN_DEFINE_TYPE_* macros, a to_json taking a
// nlohmann::json&, an adl_serializer specialisation), through a nlohmann::json on the way.

#include <nlohmann/json.hpp>

#include <utility>

namespace rpcforge::detail {

template <class Value, class = void>
struct JsonSerializer {
    template <class Json, class Source>
        requires requires(Json& out, Source&& value) {
            nlohmann::adl_serializer<Value>::to_json(out, std::forward<Source>(value));
        }
    static void to_json(Json& out, Source&& value) {
        nlohmann::adl_serializer<Value>::to_json(out, std::forward<Source>(value));
    }

    template <class Json, class Source>
        requires(!requires(Json& out, Source&& value) {
            nlohmann::adl_serializer<Value>::to_json(out, std::forward<Source>(value));
        } && requires(nlohmann::json& out, Source&& value) {
            nlohmann::adl_serializer<Value>::to_json(out, std::forward<Source>(value));
        })
    static void to_json(Json& out, Source&& value) {
        nlohmann::json plain;
        nlohmann::adl_serializer<Value>::to_json(plain, std::forward<Source>(value));
        out = Json(plain);
    }

    template <class Json, class Target>
        requires requires(Json&& in, Target& value) {
            nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in), value);
        }
    static void from_json(Json&& in, Target& value) {
        nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in), value);
    }

    template <class Json, class Target>
        requires(!requires(Json&& in, Target& value) {
            nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in), value);
        } && requires(const nlohmann::json& in, Target& value) { nlohmann::adl_serializer<Value>::from_json(in, value); })
    static void from_json(Json&& in, Target& value) {
        nlohmann::adl_serializer<Value>::from_json(nlohmann::json(in), value);
    }

    /// The form for types with no default constructor (nlohmann's `T from_json(const json&)`).
    template <class Json>
        requires requires(Json&& in) { nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in)); }
    static auto from_json(Json&& in) {
        return nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in));
    }

    template <class Json>
        requires(!requires(Json&& in) { nlohmann::adl_serializer<Value>::from_json(std::forward<Json>(in)); } &&
                 requires(const nlohmann::json& in) { nlohmann::adl_serializer<Value>::from_json(in); })
    static auto from_json(Json&& in) {
        return nlohmann::adl_serializer<Value>::from_json(nlohmann::json(in));
    }
};

}  // namespace rpcforge::detail
