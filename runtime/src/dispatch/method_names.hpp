#pragma once
// The process's one copy of each registered method name.

#include <string>
#include <string_view>

namespace rpcforge::detail {

/// The copy of `name` that every dispatcher registering a method of that name shares. It lives
/// until the process ends, so its address names the method for good: middleware keys
/// per-method state by it (Call::registered_method) with no string to hash or compare, and no
/// address is ever reused for another name. Only code registers methods, so the names are few.
const std::string* interned_method_name(std::string_view name);

}  // namespace rpcforge::detail
