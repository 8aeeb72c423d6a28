#pragma once
// Wire names to C++ identifiers. Mangling is deterministic and local: two wire names that
// become the same identifier are left for the checks to report, with both places.

#include "model/model.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>

namespace rpcforge::frontend::openrpc {

/// The identifier of a method, parameter, field or enumerator: the wire name as written
/// (case kept, so a C++ header's names survive a trip through OpenRPC), each character that
/// cannot be in an identifier replaced by `_` (runs collapsed: `foo.get` -> `foo_get`,
/// `in-progress` -> `in_progress`), `_` before a leading digit (`2fa` -> `_2fa`, not reserved
/// in class scope), leading underscores before a capital moved to the end (`_Id` -> `Id_`),
/// and `_` after keywords and reserved names (`class` -> `class_`). "" becomes `_`.
std::string value_identifier(std::string_view wire);

/// The PascalCase identifier of a type: words split at every character that is not a letter
/// or digit, each word's first letter capitalised, the rest kept (`get_user` -> `GetUser`,
/// `foo.getUser` -> `FooGetUser`); `_` before a leading digit; "Unnamed" when no word is left.
std::string type_identifier(std::string_view wire);

inline model::Name value_name(const std::string& wire) { return {wire, value_identifier(wire)}; }
inline model::Name type_name(const std::string& wire) { return {wire, type_identifier(wire)}; }

/// How a document names its C++ identifiers. rpcforge's own OpenRPC output (generator/emit,
/// OPENRPC.md) writes `x-rpcforge-cpp` only where the C++ name is not the wire name; read
/// back, a name without it is its own C++ name (when it is a usable one), so a C++ type
/// `user_info` keeps its name through a round trip. Other documents get PascalCase types.
struct NamingRules {
    bool written_by_rpcforge = false;

    /// `wire`'s C++ name: `object`'s `x-rpcforge-cpp` when it has one, else as the rules say.
    model::Name value(const std::string& wire, const nlohmann::ordered_json& object) const;
    model::Name type(const std::string& wire, const nlohmann::ordered_json& object) const;
};

/// The type names of one service. Names given by the author (component keys) are reserved
/// first; names made up from a place (`GetUserFilter`) take a number when already used
/// (`GetUserFilter2`), in the order the document is read, so the scheme is deterministic.
class TypeNames {
public:
    void reserve(const std::string& name) { taken_.insert(name); }
    /// `base` if it is free, else `base2`, `base3`, ...; the result is then taken.
    std::string unique(const std::string& base);

private:
    std::set<std::string> taken_;
};

}  // namespace rpcforge::frontend::openrpc
