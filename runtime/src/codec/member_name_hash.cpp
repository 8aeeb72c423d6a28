#include <rpcforge/detail/ordered_object.hpp>

#include <sys/auxv.h>

#include <array>
#include <stdexcept>

namespace rpcforge::detail {
namespace {

std::uint64_t rotate_left(std::uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

struct SipState {
    std::uint64_t v0, v1, v2, v3;

    void rounds(int count) {
        for (int i = 0; i < count; ++i) {
            v0 += v1; v1 = rotate_left(v1, 13); v1 ^= v0; v0 = rotate_left(v0, 32);
            v2 += v3; v3 = rotate_left(v3, 16); v3 ^= v2;
            v0 += v3; v3 = rotate_left(v3, 21); v3 ^= v0;
            v2 += v1; v1 = rotate_left(v1, 17); v1 ^= v2; v2 = rotate_left(v2, 32);
        }
    }
    void absorb(std::uint64_t word, int compression_rounds) {
        v3 ^= word;
        rounds(compression_rounds);
        v0 ^= word;
    }
};

/// Eight bytes as SipHash reads them: little-endian.
std::uint64_t little_endian_word(const unsigned char* bytes, std::size_t count) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < count; ++i) word |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);
    return word;
}

/// The key is the same in every copy of the runtime in one process: a hot-reloaded service
/// module links its own copy, and an object indexed by one copy is searched by the other. So it
/// comes from the 16 random bytes the kernel gives each process at exec (AT_RANDOM), not from a
/// static of this library; they are hashed first, so that the key says nothing of those bytes
/// (the C library draws its stack guard from them too).
std::array<std::uint64_t, 2> process_key() {
    const auto* random = reinterpret_cast<const unsigned char*>(getauxval(AT_RANDOM));
    if (random == nullptr) throw std::runtime_error("the kernel gave this process no AT_RANDOM bytes");
    const std::uint64_t seed0 = little_endian_word(random, 8);
    const std::uint64_t seed1 = little_endian_word(random + 8, 8);
    return {siphash("rpcforge member names 0", seed0, seed1, 2, 4), siphash("rpcforge member names 1", seed0, seed1, 2, 4)};
}

}  // namespace

std::uint64_t siphash(std::string_view bytes, std::uint64_t key0, std::uint64_t key1, int compression_rounds,
                      int finalization_rounds) noexcept {
    SipState state{key0 ^ 0x736f6d6570736575ULL, key1 ^ 0x646f72616e646f6dULL, key0 ^ 0x6c7967656e657261ULL,
                   key1 ^ 0x7465646279746573ULL};
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t whole_words = bytes.size() / 8;
    for (std::size_t word = 0; word < whole_words; ++word)
        state.absorb(little_endian_word(data + word * 8, 8), compression_rounds);
    const std::size_t rest = bytes.size() % 8;
    const std::uint64_t last = little_endian_word(data + whole_words * 8, rest) | (std::uint64_t{bytes.size()} << 56);
    state.absorb(last, compression_rounds);
    state.v2 ^= 0xff;
    state.rounds(finalization_rounds);
    return state.v0 ^ state.v1 ^ state.v2 ^ state.v3;
}

std::uint64_t member_name_hash(std::string_view name) noexcept {
    // One per process: names that collide here collide nowhere else.
    static const std::array<std::uint64_t, 2> key = process_key();
    return siphash(name, key[0], key[1], 1, 3);
}

}  // namespace rpcforge::detail
