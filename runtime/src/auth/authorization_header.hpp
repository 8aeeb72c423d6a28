#pragma once
// Reading the HTTP Authorization header that the bearer and Basic authenticators share.

#include <rpcforge/auth.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rpcforge::detail {

/// The credentials after "SCHEME " in the Authorization header (the scheme's case ignored, as
/// RFC 9110 says); nullopt when there is no such header or it names another scheme.
std::optional<std::string_view> authorization_of(const Credentials& credentials, std::string_view scheme);

/// Standard base64 (with padding) to bytes; nullopt when it is not base64.
std::optional<std::string> decode_base64(std::string_view text);

/// The text of `file`, for an authenticator's table. Throws std::system_error when unreadable.
std::string read_table(const std::filesystem::path& file);

/// "FILE:LINE: what": the error of a malformed table.
[[noreturn]] void table_error(const std::filesystem::path& file, std::size_t line, const std::string& what);

}  // namespace rpcforge::detail
