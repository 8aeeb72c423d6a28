#pragma once
// What each kind of type means, in one table: its name in messages, its C++ and TypeScript
// spellings, the phrase conversion errors use, the header it needs, its JSON Schema, and the
// integers it holds. The checks, the emitters, `rpcforge diff` and `rpcforge call` read their
// facts here; adding a kind means adding a row (a static_assert finds a missing one) and then
// the switches over Type::Kind that -Wswitch names (none has a `default:`).

#include "model/model.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace rpcforge::model {

/// The facts of one Type::Kind. In the spellings, "{}" stands for the spelling of the kind's
/// argument (array, map and optional have one); `named` is spelled by its declaration instead.
struct KindFacts {
    Type::Kind kind;
    std::string_view text;        ///< as messages and `rpcforge diff` write it: "int32", "array<{}>"
    std::string_view cpp;         ///< generated code's spelling: "std::int32_t", "std::vector<{}>"
    std::string_view typescript;  ///< "number", "Array<{}>"
    std::string_view phrase;      ///< the JSON it must be, as conversion errors say: "an integer", "{} or null"
    std::string_view include;     ///< the standard header generated code needs for it, if any
    std::string_view literal_suffix;  ///< after a C++ integer literal of it: "u" for the unsigned
    std::string_view schema_type;    ///< JSON Schema "type" (empty: none, as for any value)
    std::string_view schema_format;  ///< JSON Schema "format" (integers)
    bool is_integer;                 ///< a JSON integer, range-checked against [min, max]
    bool is_arithmetic;              ///< bool or a number: a C++ member needs `{}` to start at zero
    std::int64_t min;                ///< the integers it holds exactly (number: those a double does)
    std::uint64_t max;
};

namespace kind_detail {
using Kind = Type::Kind;
using std::numeric_limits;
inline constexpr std::int64_t exact_in_double = std::int64_t{1} << 53;
}  // namespace kind_detail

/// Every kind's facts, in Type::Kind's order.
inline constexpr std::array kind_table = {
    // clang-format off
    KindFacts{kind_detail::Kind::boolean, "bool", "bool", "boolean", "a boolean", "", "", "boolean", "", false, true, 0, 0},
    KindFacts{kind_detail::Kind::int32, "int32", "std::int32_t", "number", "an integer", "<cstdint>", "", "integer", "int32", true, true,
              kind_detail::numeric_limits<std::int32_t>::min(), kind_detail::numeric_limits<std::int32_t>::max()},
    KindFacts{kind_detail::Kind::int64, "int64", "std::int64_t", "number", "an integer", "<cstdint>", "", "integer", "int64", true, true,
              kind_detail::numeric_limits<std::int64_t>::min(), kind_detail::numeric_limits<std::int64_t>::max()},
    KindFacts{kind_detail::Kind::uint32, "uint32", "std::uint32_t", "number", "an integer", "<cstdint>", "u", "integer", "uint32", true, true,
              0, kind_detail::numeric_limits<std::uint32_t>::max()},
    KindFacts{kind_detail::Kind::uint64, "uint64", "std::uint64_t", "number", "an integer", "<cstdint>", "u", "integer", "uint64", true, true,
              0, kind_detail::numeric_limits<std::uint64_t>::max()},
    KindFacts{kind_detail::Kind::number, "number", "double", "number", "a number", "", "", "number", "", false, true,
              -kind_detail::exact_in_double, kind_detail::exact_in_double},
    KindFacts{kind_detail::Kind::string, "string", "std::string", "string", "a string", "", "", "string", "", false, false, 0, 0},
    KindFacts{kind_detail::Kind::json, "json", "rpcforge::json", "unknown", "any value", "", "", "", "", false, false, 0, 0},
    KindFacts{kind_detail::Kind::array, "array<{}>", "std::vector<{}>", "Array<{}>", "an array", "<vector>", "", "array", "", false, false, 0, 0},
    KindFacts{kind_detail::Kind::map, "map<{}>", "std::map<std::string, {}>", "Record<string, {}>", "an object", "<map>", "", "object", "",
              false, false, 0, 0},
    KindFacts{kind_detail::Kind::optional, "optional<{}>", "std::optional<{}>", "{} | null", "{} or null", "<optional>", "", "", "",
              false, false, 0, 0},
    KindFacts{kind_detail::Kind::named, "", "", "", "", "", "", "", "", false, false, 0, 0},
    // clang-format on
};

constexpr bool kind_table_is_in_order() {
    for (std::size_t i = 0; i < kind_table.size(); ++i)
        if (static_cast<std::size_t>(kind_table[i].kind) != i) return false;
    return static_cast<std::size_t>(Type::Kind::named) + 1 == kind_table.size();
}
static_assert(kind_table_is_in_order(), "kind_table needs one row per Type::Kind, in the enum's order");

constexpr const KindFacts& facts_of(Type::Kind kind) { return kind_table[static_cast<std::size_t>(kind)]; }

/// The kind's argument: args[0], or any value when a broken model left it out.
inline const Type& argument_of(const Type& type) {
    static const Type any = Type::of(Type::Kind::json);
    return type.args.empty() ? any : type.args.front();
}

/// A pattern of KindFacts (one of a type's spellings) with its "{}" replaced by what
/// `spell_argument` makes of the type's argument; the argument is spelled only when there is a hole.
template <class SpellArgument>
std::string spelled(std::string_view pattern, const Type& type, const SpellArgument& spell_argument) {
    const auto hole = pattern.find("{}");
    if (hole == std::string_view::npos) return std::string(pattern);
    return std::string(pattern.substr(0, hole)) + spell_argument(argument_of(type)) + std::string(pattern.substr(hole + 2));
}

/// True when every integer of `inner` is one of `outer` (exactly, for a number).
constexpr bool holds_every_integer_of(Type::Kind outer, Type::Kind inner) {
    const KindFacts &o = facts_of(outer), &i = facts_of(inner);
    return i.is_integer && (o.is_integer || outer == Type::Kind::number) && o.min <= i.min && i.max <= o.max;
}

}  // namespace rpcforge::model
