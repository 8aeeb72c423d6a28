#pragma once
// What the fuzz targets share: reading structured choices out of the fuzzer's bytes, a strict
// comparison of JSON values, and the way a target says "wrong answer".

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace rpcforge::fuzz {

/// A wrong answer: says what, then aborts, which libFuzzer and the replay both report as a
/// finding (with the input that caused it).
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz finding: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void require(bool condition, std::string_view what, std::string_view detail = {}) {
    if (!condition) fail(what, detail);
}

/// The fuzzer's bytes read as a sequence of choices; past the end every read gives zeros.
class FuzzBytes {
public:
    FuzzBytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    bool empty() const { return at_ == size_; }
    std::size_t left() const { return size_ - at_; }

    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }

    std::uint64_t u64() {
        std::uint64_t value = 0;
        const auto n = take(sizeof value);
        std::memcpy(&value, n.data(), n.size());
        return value;
    }

    /// Up to `count` bytes (fewer at the end).
    std::string_view take(std::size_t count) {
        count = std::min(count, left());
        std::string_view bytes(reinterpret_cast<const char*>(data_) + at_, count);
        at_ += count;
        return bytes;
    }

    std::string_view rest() { return take(left()); }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

/// Equal as parsed JSON must be: the same kind at every place (a float is not an integer),
/// floats bit for bit (-0.0 is not 0.0), except that any NaN equals any NaN (CBOR and
/// MessagePack writers keep one NaN). Integers compare by value whatever their signedness,
/// since a non-negative number is unsigned once read back and nlohmann keeps either.
inline bool same_value(const nlohmann::json& a, const nlohmann::json& b) {
    using value_t = nlohmann::json::value_t;
    if (a.is_number_integer() && b.is_number_integer()) return a == b;
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case value_t::number_float:
            if (std::isnan(a.get<double>()) && std::isnan(b.get<double>())) return true;
            return std::bit_cast<std::uint64_t>(a.get<double>()) == std::bit_cast<std::uint64_t>(b.get<double>());
        case value_t::array: {
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (!same_value(a[i], b[i])) return false;
            return true;
        }
        case value_t::object: {
            if (a.size() != b.size()) return false;
            for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y)
                if (x.key() != y.key() || !same_value(x.value(), y.value())) return false;
            return true;
        }
        default: return a == b;
    }
}

/// A value as text for a finding's report; never throws (strings may be any bytes).
inline std::string text_of(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Nesting of arrays and objects; a scalar is 0, [] is 1 (as Limits::max_depth counts).
inline std::size_t depth_of(const nlohmann::json& value) {
    std::size_t deepest = 0;
    if (value.is_structured())
        for (const auto& element : value) deepest = std::max(deepest, depth_of(element));
    return value.is_structured() ? deepest + 1 : 0;
}

}  // namespace rpcforge::fuzz
