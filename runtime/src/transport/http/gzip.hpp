#pragma once
// gzip bodies, both ways, through zlib. No I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rpcforge::detail {

std::string gzip(std::string_view data);

/// Inflates a gzip (or zlib) body. Nothing when it is not valid compressed data or when it
/// would inflate past `limit` bytes: a small "zip bomb" never becomes a large buffer.
std::optional<std::string> gunzip(std::string_view data, std::size_t limit);

}  // namespace rpcforge::detail
