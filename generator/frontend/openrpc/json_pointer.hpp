#pragma once
// JSON pointers (RFC 6901) as the frontend uses them: to name places in diagnostics and to
// follow local `$ref`s such as `#/components/schemas/User`.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rpcforge::frontend::openrpc {

/// `base` extended by one reference token, with `~` and `/` escaped as `~0` and `~1`.
std::string pointer_append(std::string_view base, std::string_view token);
std::string pointer_append(std::string_view base, std::size_t index);

/// The unescaped reference tokens of `pointer`; nullopt when it is not a valid pointer
/// (it does not start with `/`, or holds a `~` not followed by 0 or 1). "" gives no tokens.
std::optional<std::vector<std::string>> pointer_tokens(std::string_view pointer);

/// The JSON pointer a local reference (`#/components/schemas/User`, a URI fragment and so
/// percent-encoded) names; nullopt for references into other documents or malformed ones.
std::optional<std::string> local_ref_pointer(std::string_view ref);

}  // namespace rpcforge::frontend::openrpc
