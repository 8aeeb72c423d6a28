#pragma once
// The order in which a service's types are defined, and where a type must hold another
// through rpcforge::Box.
//
// A struct needs the types it holds by value (directly, in std::optional, or as a variant
// alternative) complete before it; std::vector and std::map accept an incomplete type. When
// such by-value references form a cycle (a tree's optional parent, an expression variant whose
// operator node holds expressions), some of them go through rpcforge::Box, a heap-allocated
// std::optional-like value that accepts an incomplete type:
//   1. every reference in the cycle that may be empty (a field that is not required, or a
//      nullable type) is boxed, since a Box may be empty too;
//   2. if a cycle remains, the variant alternatives in it are boxed (one box per cycle, and the
//      structs keep their plain fields);
//   3. if a cycle still remains (structs that require each other: no finite value exists, which
//      the checks reject), the rest are boxed so that the code still compiles.
// The rule depends on the cycle, not on the order types were written in. Types the user's own
// header declares (cpp_declared) are not laid out: they are complete before generated code.

#include "view/cpp_spelling.hpp"
#include "model/model.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace rpcforge::view {

struct TypeLayout {
    /// C++ names of the structs and variants, each after what it holds by value. Ties keep the
    /// order the types were declared in.
    std::vector<std::string> definition_order;
    /// (type C++ name, field or alternative index) of each boxed reference.
    std::set<std::pair<std::string, std::size_t>> boxed;
    /// C++ names of the types used before their definition, in declaration order.
    std::vector<std::string> forward_declarations;

    bool is_boxed(const std::string& type, std::size_t member) const { return boxed.count({type, member}) != 0; }
};

TypeLayout layout_types(const model::Service& service, const TypeTable& index);

}  // namespace rpcforge::view
