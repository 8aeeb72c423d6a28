#pragma once
// A JSON reader for the texts messages are nearly always made of, several times faster than
// nlohmann's lexer, which goes byte by byte through a buffer kept for error messages. It feeds
// the same SAX events to the same DOM builder, and reads a strict subset of what nlohmann reads:
// no \u escapes, no integers past 19 digits, nesting up to 64, and so on. Anything else it
// refuses, without a reason, and the caller parses the text again with nlohmann, whose verdict
// and error texts stand. So a text it reads becomes the value nlohmann would have made, and a
// text it refuses costs one more attempt.

#include <rpcforge/json.hpp>

#include "codec/json_string_scan.hpp"

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace rpcforge::detail {

template <class Sax>
class PlainJsonReader {
public:
    PlainJsonReader(std::string_view text, Sax& sax) : at_(text.data()), end_(text.data() + text.size()), sax_(sax) {}

    /// True when the text was one value, read whole; false when the reader refused it, or the
    /// SAX handler said stop (then what it was given is to be thrown away).
    bool read() {
        if (!read_value()) return false;
        while (true) {
            skip_space();
            if (depth_ == 0) return at_ == end_;
            if (!close_or_continue()) return false;
        }
    }

private:
    enum class Container : bool { array, object };
    static constexpr std::size_t max_depth = 64;  // deeper texts are nlohmann's

    /// After a value inside a container: `,` and the next member, or the container's end.
    bool close_or_continue() {
        if (at_ == end_) return false;
        const bool in_object = open_[depth_ - 1] == Container::object;
        if (*at_ == (in_object ? '}' : ']')) {
            ++at_;
            --depth_;
            return in_object ? sax_.end_object() : sax_.end_array();
        }
        if (*at_ != ',') return false;
        ++at_;
        return (!in_object || read_key()) && read_value();
    }

    bool read_value() {
        skip_space();
        if (at_ == end_) return false;
        switch (*at_) {
            case '{': return open(Container::object);
            case '[': return open(Container::array);
            case '"': return read_string() && sax_.string(text_);
            case 't': return read_literal("true") && sax_.boolean(true);
            case 'f': return read_literal("false") && sax_.boolean(false);
            case 'n': return read_literal("null") && sax_.null();
            default: return read_number();
        }
    }

    /// Opens a container; an empty one is closed at once, else its first member is read.
    bool open(Container container) {
        if (depth_ == max_depth) return false;
        const bool is_object = container == Container::object;
        const auto unknown_size = static_cast<std::size_t>(-1);
        if (!(is_object ? sax_.start_object(unknown_size) : sax_.start_array(unknown_size))) return false;
        ++at_;
        skip_space();
        if (at_ != end_ && *at_ == (is_object ? '}' : ']')) {
            ++at_;
            return is_object ? sax_.end_object() : sax_.end_array();
        }
        open_[depth_++] = container;
        return (!is_object || read_key()) && read_value();
    }

    bool read_key() {
        skip_space();
        if (at_ == end_ || *at_ != '"' || !read_string() || !sax_.key(text_)) return false;
        skip_space();
        if (at_ == end_ || *at_ != ':') return false;
        ++at_;
        return true;
    }

    /// Reads a string into text_, the opening quote at at_.
    bool read_string() {
        ++at_;
        text_.clear();
        while (true) {
            const char* run = at_;
            at_ = skip_plain_string_bytes(at_, end_);
            text_.append(run, at_);
            if (at_ == end_) return false;
            const auto byte = static_cast<unsigned char>(*at_);
            if (byte == '"') {
                ++at_;
                return true;
            }
            if (!(byte == '\\' ? read_escape() : byte >= 0x80 && read_utf8())) return false;
        }
    }

    /// The escapes of one character; \u is nlohmann's (surrogate pairs and their errors).
    bool read_escape() {
        if (end_ - at_ < 2) return false;
        char character;
        switch (at_[1]) {
            case '"': character = '"'; break;
            case '\\': character = '\\'; break;
            case '/': character = '/'; break;
            case 'b': character = '\b'; break;
            case 'f': character = '\f'; break;
            case 'n': character = '\n'; break;
            case 'r': character = '\r'; break;
            case 't': character = '\t'; break;
            default: return false;
        }
        text_.push_back(character);
        at_ += 2;
        return true;
    }

    /// One well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
    /// surrogates, nothing past U+10FFFF), the ranges nlohmann's lexer checks.
    bool read_utf8() {
        const auto first = static_cast<unsigned char>(*at_);
        std::ptrdiff_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
        if (first >= 0xC2 && first <= 0xDF) {
            length = 2;
        } else if (first >= 0xE0 && first <= 0xEF) {
            length = 3;
            if (first == 0xE0) low = 0xA0;
            if (first == 0xED) high = 0x9F;
        } else if (first >= 0xF0 && first <= 0xF4) {
            length = 4;
            if (first == 0xF0) low = 0x90;
            if (first == 0xF4) high = 0x8F;
        } else {
            return false;
        }
        if (end_ - at_ < length) return false;
        for (std::ptrdiff_t i = 1; i < length; ++i) {
            const auto byte = static_cast<unsigned char>(at_[i]);
            if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) return false;
        }
        text_.append(at_, at_ + length);
        at_ += length;
        return true;
    }

    bool read_literal(std::string_view literal) {
        if (static_cast<std::size_t>(end_ - at_) < literal.size() || std::string_view(at_, literal.size()) != literal)
            return false;
        at_ += literal.size();
        return true;
    }

    /// JSON's number grammar. Integers are unsigned unless negative, as nlohmann reads them;
    /// those that may not fit 64 bits, and floats out of range, are nlohmann's.
    bool read_number() {
        const char* start = at_;
        const bool negative = *at_ == '-';
        if (negative) ++at_;
        if (at_ == end_ || !is_digit(*at_)) return false;
        if (*at_ == '0')
            ++at_;
        else
            skip_digits();
        const char* integer_end = at_;
        bool is_float = false;
        if (at_ != end_ && *at_ == '.') {
            ++at_;
            if (!skip_some_digits()) return false;
            is_float = true;
        }
        if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
            ++at_;
            if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
            if (!skip_some_digits()) return false;
            is_float = true;
        }
        if (is_float) return read_float(start);
        const char* digits = start + (negative ? 1 : 0);
        if (integer_end - digits > 19) return false;
        std::uint64_t magnitude = 0;  // 19 digits always fit
        for (const char* digit = digits; digit != integer_end; ++digit)
            magnitude = magnitude * 10 + static_cast<std::uint64_t>(*digit - '0');
        if (!negative) return sax_.number_unsigned(magnitude);
        constexpr auto most_negative = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
        if (magnitude > most_negative) return false;
        return sax_.number_integer(magnitude == most_negative ? std::numeric_limits<std::int64_t>::min()
                                                              : -static_cast<std::int64_t>(magnitude));
    }

    /// Correctly rounded, as the strtod nlohmann calls is.
    bool read_float(const char* start) {
        double value = 0;
        const auto [end, error] = std::from_chars(start, at_, value);
        if (error != std::errc() || end != at_) return false;
        return sax_.number_float(value, no_text_);
    }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    void skip_digits() {
        while (at_ != end_ && is_digit(*at_)) ++at_;
    }
    bool skip_some_digits() {
        const char* first = at_;
        skip_digits();
        return at_ != first;
    }

    void skip_space() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
    }

    const char* at_;
    const char* end_;
    Sax& sax_;
    std::string text_;  // the string being read, reused
    const std::string no_text_;  // a float's text, which the DOM builder does not use
    std::array<Container, max_depth> open_{};
    std::size_t depth_ = 0;
};

/// Feeds `text` to `sax` if it is plain JSON; false otherwise, or when `sax` said stop.
template <class Sax>
bool read_plain_json(std::string_view text, Sax& sax) {
    return PlainJsonReader<Sax>(text, sax).read();
}

}  // namespace rpcforge::detail
