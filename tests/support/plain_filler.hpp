#pragma once
// Strings for the tests of the JSON reader's and writer's word-at-a-time string scans.

#include <cstddef>
#include <string>
#include <string_view>

namespace rpcforge::test {

/// `length` plain bytes: none needs escaping or a judgement of UTF-8, and among them are the
/// neighbours of those that do ('!' and '#' beside '"', '[' and ']' beside '\\', 0x7f).
inline std::string plain_filler(std::size_t length) {
    static constexpr std::string_view plain = " !#$[]abz~\x7f";
    std::string filler;
    for (std::size_t i = 0; i < length; ++i) filler.push_back(plain[i % plain.size()]);
    return filler;
}

}  // namespace rpcforge::test
