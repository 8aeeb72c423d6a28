// to_wire(): compact JSON text, byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes, at a fraction of its cost. Every answer
// goes through it. nlohmann's serializer decodes UTF-8 and buffers byte by byte through a
// virtual output adapter; this writer copies runs of plain ASCII at once and hands nlohmann
// only what it must decide itself (text that is not ASCII, binary values), so the two
// cannot disagree there. Numbers are written by the same routines nlohmann uses.

#include <rpcforge/json.hpp>

#include "codec/json_string_scan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace rpcforge {
namespace {

class WireWriter {
public:
    explicit WireWriter(std::string& out) : out_(out) {}

    void write(const json& value) {
        switch (value.type()) {
            case json::value_t::null: return put("null");
            case json::value_t::boolean: return put(value.get<bool>() ? "true" : "false");
            case json::value_t::number_integer: return write_integer(value.get<json::number_integer_t>());
            case json::value_t::number_unsigned: return write_integer(value.get<json::number_unsigned_t>());
            case json::value_t::number_float: return write_float(value.get<json::number_float_t>());
            case json::value_t::string: return write_string(value.get_ref<const std::string&>(), value);
            case json::value_t::array: return write_array(value.get_ref<const json::array_t&>());
            case json::value_t::object: return write_object(value.get_ref<const json::object_t&>());
            default: return write_with_nlohmann(value);  // binary, discarded
        }
    }

private:
    void put(std::string_view text) { out_.append(text); }

    template <class Integer>
    void write_integer(Integer number) {
        std::array<char, 24> digits;
        auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
        out_.append(digits.data(), end);
    }

    // The shortest text that reads back as the same double, as nlohmann writes it ("4.0", "1e+20").
    void write_float(double number) {
        if (!std::isfinite(number)) return put("null");
        std::array<char, 64> digits;
        auto end = nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), number);
        out_.append(digits.data(), end);
    }

    /// `node` is the string as a JSON value, for nlohmann to write if the text is not all ASCII.
    void write_string(std::string_view text, const json& node) {
        const auto start = out_.size();
        out_.push_back('"');
        if (!append_escaped_ascii(text)) {
            out_.resize(start);
            return write_with_nlohmann(node);
        }
        out_.push_back('"');
    }

    void write_key(const std::string& key) {
        const auto start = out_.size();
        out_.push_back('"');
        if (append_escaped_ascii(key)) return put("\":");
        out_.resize(start);
        write_with_nlohmann(json(key));
        out_.push_back(':');
    }

    /// Appends `text` escaped as in a JSON string; false, having appended part of it, when it
    /// has a byte beyond ASCII: whether that is valid UTF-8, and what replaces it when not, is
    /// nlohmann's to say.
    bool append_escaped_ascii(std::string_view text) {
        make_room(text.size());
        const char* at = text.data();
        const char* const end = at + text.size();
        while (true) {
            const char* run = at;
            at = detail::skip_plain_string_bytes(at, end);
            out_.append(run, at);
            if (at == end) return true;
            const auto byte = static_cast<unsigned char>(*at++);
            if (byte >= 0x80) return false;
            append_escape(byte);
        }
    }

    /// Makes room for `bytes` more, growing twofold at least as appends do, and when growing,
    /// for a few bytes beyond: a long string is followed by its closing quote and brackets
    /// and then by the frame's newline, and without them the first of those would copy the
    /// whole answer again to grow it (an append grows to the exact size needed).
    void make_room(std::size_t bytes) {
        constexpr std::size_t room_after = 64;
        if (out_.capacity() - out_.size() >= bytes) return;
        out_.reserve(std::max(out_.size() + bytes + room_after, 2 * out_.capacity()));
    }

    void append_escape(unsigned char byte) {
        static constexpr std::string_view hex = "0123456789abcdef";
        switch (byte) {
            case '\b': return put("\\b");
            case '\t': return put("\\t");
            case '\n': return put("\\n");
            case '\f': return put("\\f");
            case '\r': return put("\\r");
            case '"': return put("\\\"");
            case '\\': return put("\\\\");
            default: {
                const char escape[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xF]};
                out_.append(escape, sizeof escape);
            }
        }
    }

    void write_array(const json::array_t& elements) {
        out_.push_back('[');
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (i != 0) out_.push_back(',');
            write(elements[i]);
        }
        out_.push_back(']');
    }

    void write_object(const json::object_t& members) {
        out_.push_back('{');
        bool first = true;
        for (const auto& [key, member] : members) {
            if (!first) out_.push_back(',');
            first = false;
            write_key(key);
            write(member);
        }
        out_.push_back('}');
    }

    void write_with_nlohmann(const json& value) {
        // Made on first use: most messages never need it, and it costs an allocation.
        if (!nlohmann_)
            nlohmann_.emplace(nlohmann::detail::output_adapter<char>(out_), ' ', json::error_handler_t::replace);
        nlohmann_->dump(value, false, false, 0);
    }

    std::string& out_;
    std::optional<nlohmann::detail::serializer<json>> nlohmann_;
};

}  // namespace

std::string to_wire(const json& value) {
    std::string text;
    // Room for a typical answer at once, instead of growing through 15, 30, 60, 120 bytes.
    text.reserve(128);
    WireWriter(text).write(value);
    return text;
}

}  // namespace rpcforge
