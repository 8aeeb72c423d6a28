#pragma once
// What a name in generated C++ may be. The checks hold every model to these rules, and
// frontends mangle wire names to satisfy them.

#include <string>
#include <string_view>

namespace rpcforge::model {

/// A C++20 keyword or alternative token (`class`, `co_await`, `and`, ...).
bool is_cpp_keyword(std::string_view word);

/// A name generated code must not declare: a keyword, a name reserved to the implementation
/// (containing `__`, or `_` followed by a capital), or a macro of the C and C++ standard
/// libraries (and of GNU mode) likely to meet a wire name (`errno`, `assert`, `NULL`, `unix`).
bool is_reserved_name(std::string_view word);

/// `[A-Za-z_][A-Za-z0-9_]*` and not reserved.
bool is_usable_identifier(std::string_view word);

/// The name of a client method's asynchronous variant: `add` -> `add_async`. A name mangled
/// with a trailing `_` (`register_`, from a keyword) drops it, since `register__async` would
/// be reserved.
std::string asynchronous_name(std::string_view cpp_name);

}  // namespace rpcforge::model
