#pragma once
// Finds, eight bytes at a time, the next byte of a JSON string's contents that cannot simply be
// copied: '"', '\\', a control byte (< 0x20) or a byte beyond ASCII (>= 0x80). Both the reader
// and the writer spend nearly all of a long string here, so this decides what a large message
// costs. Plain C++ on 64-bit words (SWAR), no intrinsics: the build stays baseline x86-64 and
// works on any target, of either byte order.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rpcforge::detail {

/// The bytes of `word` that need attention, each marked by its high bit (0x80), others 0.
/// Exact per byte: every test works on 7-bit values, so no carry crosses into the next byte
/// and a marked byte never stands for a neighbour (which a plain "has zero byte" trick allows).
constexpr std::uint64_t special_bytes(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101;
    constexpr std::uint64_t high_bits = 0x80 * ones;
    const std::uint64_t low7 = word & ~high_bits;
    // Each sum below has its high bit set exactly when the byte is NOT of the kind tested.
    const std::uint64_t not_control = low7 + (0x80 - 0x20) * ones;  // low7 >= 0x20
    const std::uint64_t not_quote = (low7 ^ ('"' * ones)) + 0x7F * ones;  // low7 != '"'
    const std::uint64_t not_backslash = (low7 ^ ('\\' * ones)) + 0x7F * ones;  // low7 != '\\'
    return (~(not_control & not_quote & not_backslash) | word) & high_bits;
}

/// The index in a loaded word of the first byte (in memory order) that `marks` marks; marks != 0.
inline std::size_t first_marked(std::uint64_t marks) {
    const int bit = std::endian::native == std::endian::little ? std::countr_zero(marks) : std::countl_zero(marks);
    return static_cast<std::size_t>(bit) / 8;
}

inline bool is_plain_string_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
}

/// The first byte in [at, end) that needs attention (see above), or `end`.
inline const char* skip_plain_string_bytes(const char* at, const char* end) {
    while (end - at >= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, sizeof word);  // unaligned, and without aliasing trouble
        if (const std::uint64_t marks = special_bytes(word)) return at + first_marked(marks);
        at += 8;
    }
    // The tail shorter than a word, byte by byte: a word load would read past the end.
    while (at != end && is_plain_string_byte(*at)) ++at;
    return at;
}

}  // namespace rpcforge::detail
