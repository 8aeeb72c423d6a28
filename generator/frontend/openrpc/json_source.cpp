#include "frontend/openrpc/json_source.hpp"

#include "frontend/openrpc/json_pointer.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace rpcforge::frontend::openrpc {

std::optional<TextPosition> SourceMap::value(const std::string& pointer) const {
    auto found = values_.find(pointer);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

std::optional<TextPosition> SourceMap::key(const std::string& pointer) const {
    auto found = keys_.find(pointer);
    if (found == keys_.end()) return std::nullopt;
    return found->second;
}

model::SourceLocation JsonDocument::at(const std::string& pointer) const {
    model::SourceLocation location{file, 0, 0, pointer};
    if (auto position = positions.value(pointer)) {
        location.line = position->line;
        location.column = position->column;
    }
    return location;
}

model::SourceLocation JsonDocument::at_key(const std::string& pointer) const {
    auto position = positions.key(pointer);
    if (!position) return at(pointer);
    return {file, position->line, position->column, pointer};
}

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// Byte offsets to line:col.
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : text_(text) {
        starts_.push_back(text.starts_with(utf8_bom) ? utf8_bom.size() : 0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') starts_.push_back(i + 1);
        }
    }

    TextPosition at(std::size_t offset) const {
        offset = std::min(offset, text_.size());
        auto next_line = std::upper_bound(starts_.begin(), starts_.end(), offset);
        auto line = static_cast<int>(next_line - starts_.begin());
        std::size_t start = std::min(starts_[static_cast<std::size_t>(line - 1)], offset);
        int column = 1;
        for (std::size_t i = start; i < offset; ++i) {
            // Continuation bytes of UTF-8 (10xxxxxx) do not start a code point.
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        }
        return {line, column};
    }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

/// An input iterator over the text that counts the bytes nlohmann's lexer pulls through it.
/// The lexer reads one character past the end of a number (then "ungets" it internally) but
/// no further past any other token: the count at a SAX event is the end of the token that
/// caused it, or one past it for numbers.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* at, std::size_t* consumed) : at_(at), consumed_(consumed) {}
    reference operator*() const { return *at_; }
    CountingIterator& operator++() {
        ++at_;
        ++*consumed_;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return at_ == other.at_; }

private:
    const char* at_;
    std::size_t* consumed_;
};

bool is_separator_or_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Where the tokens behind SAX events start. Every token but `,` and `:` causes an event,
/// so the next event's token starts at the first character after the previous one's end
/// that is neither white space nor one of those two.
class TokenTracker {
public:
    TokenTracker(std::string_view text, const std::size_t& consumed)
        : text_(text), consumed_(consumed), cursor_(text.starts_with(utf8_bom) ? utf8_bom.size() : 0) {}

    std::size_t start() {
        while (cursor_ < text_.size() && is_separator_or_space(text_[cursor_])) ++cursor_;
        return cursor_;
    }

    /// Call after the event: the token ended where the lexer stopped reading, less the one
    /// character of look-ahead after a number (JSON numbers end in a digit; the look-ahead,
    /// when there was one before the end of the text, never is one in valid JSON).
    void end(bool number) {
        cursor_ = consumed_;
        if (number && cursor_ > 0 && cursor_ <= text_.size() && !is_digit(text_[cursor_ - 1])) --cursor_;
    }

private:
    std::string_view text_;
    const std::size_t& consumed_;
    std::size_t cursor_;
};

/// A SAX handler that builds the ordered_json value and the source map.
class PositionedBuilder {
public:
    PositionedBuilder(std::string_view text, const std::size_t& consumed, JsonDocument& document,
                      diagnostics::Sink& sink)
        : text_(text), lines_(text), tokens_(text, consumed), document_(document), sink_(sink) {}

    bool null() { return add(nullptr, false); }
    bool boolean(bool value) { return add(value, false); }
    bool number_integer(Json::number_integer_t value) { return add(value, true); }
    bool number_unsigned(Json::number_unsigned_t value) { return add(value, true); }
    bool number_float(Json::number_float_t value, const std::string&) { return add(value, true); }
    bool string(std::string& value) { return add(std::move(value), false); }
    bool binary(Json::binary_t&) { return true; }  // JSON text has no binary values
    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& name);
    bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& error);

    bool failed() const { return failed_; }

private:
    struct Frame {
        Json* container;
        std::string pointer;
        std::size_t next_index = 0;
        std::string member_pointer;  // of the member whose key was read last
        std::string member_key;
    };

    bool add(Json value, bool number);
    bool open(Json container);
    bool close();
    /// Puts `value` where the parse is, records its place, and returns it with its pointer.
    std::pair<Json*, std::string> place(Json value, std::size_t start);
    std::size_t token_start_before(std::size_t end) const;
    void error_at(std::size_t offset, std::string message);

    std::string_view text_;
    LineIndex lines_;
    TokenTracker tokens_;
    JsonDocument& document_;
    diagnostics::Sink& sink_;
    std::vector<Frame> stack_;
    bool failed_ = false;
};

std::pair<Json*, std::string> PositionedBuilder::place(Json value, std::size_t start) {
    Json* slot = &document_.root;
    std::string pointer;
    if (!stack_.empty()) {
        Frame& parent = stack_.back();
        if (parent.container->is_array()) {
            pointer = pointer_append(parent.pointer, parent.next_index++);
            parent.container->push_back(std::move(value));
            slot = &parent.container->back();
        } else {
            pointer = parent.member_pointer;
            slot = &(*parent.container)[parent.member_key];
            *slot = std::move(value);
        }
    } else {
        *slot = std::move(value);
    }
    document_.positions.add_value(pointer, lines_.at(start));
    return {slot, pointer};
}

bool PositionedBuilder::add(Json value, bool number) {
    place(std::move(value), tokens_.start());
    tokens_.end(number);
    return true;
}

bool PositionedBuilder::open(Json container) {
    std::size_t start = tokens_.start();
    if (static_cast<int>(stack_.size()) >= max_json_depth) {
        error_at(start, "values are nested deeper than " + std::to_string(max_json_depth) + " levels");
        return false;
    }
    auto [slot, pointer] = place(std::move(container), start);
    tokens_.end(false);
    stack_.push_back(Frame{slot, std::move(pointer), 0, {}, {}});
    return true;
}

bool PositionedBuilder::close() {
    tokens_.start();
    tokens_.end(false);
    stack_.pop_back();
    return true;
}

bool PositionedBuilder::key(std::string& name) {
    std::size_t start = tokens_.start();
    tokens_.end(false);
    Frame& object = stack_.back();
    object.member_pointer = pointer_append(object.pointer, name);
    if (object.container->contains(name)) {
        error_at(start, "duplicate key '" + name + "'");
    }
    document_.positions.add_key(object.member_pointer, lines_.at(start));
    object.member_key = std::move(name);
    return true;
}

/// nlohmann reports how many characters its lexer had read. When the lexer itself failed
/// (an invalid literal, string or number: the message says what it "last read"), the place
/// is the character that broke the token; otherwise a whole token came where it may not, and
/// the place is that token's start.
bool PositionedBuilder::parse_error(std::size_t position, const std::string& last_token,
                                    const nlohmann::detail::exception& error) {
    std::string message = error.what();
    auto column = message.find("column ");
    auto text_start = column == std::string::npos ? column : message.find(": ", column);
    if (text_start != std::string::npos) message = message.substr(text_start + 2);
    // The lexer's "last read" text runs from the start of the previous value, not of the
    // token at fault; the line:col says more.
    std::string last_read = "; last read: '" + last_token + "'";
    auto last_read_at = message.find(last_read);
    bool lexer_failed = last_read_at != std::string::npos;
    if (lexer_failed) message.erase(last_read_at, last_read.size());
    std::size_t end = std::min(position, text_.size() + 1);
    error_at(lexer_failed || end > text_.size() ? end - 1 : token_start_before(end), std::move(message));
    return false;
}

/// The start of the complete token that ends at `end`, found by walking back: a string back
/// to its opening quote (the first quote before it not escaped by an odd run of
/// backslashes), a number or literal back over its characters.
std::size_t PositionedBuilder::token_start_before(std::size_t end) const {
    if (end == 0) return 0;
    std::size_t at = end - 1;
    auto is_word = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E';
    };
    if (text_[at] == '"') {
        while (at > 0) {
            --at;
            if (text_[at] != '"') continue;
            std::size_t backslashes = 0;
            while (at > backslashes && text_[at - 1 - backslashes] == '\\') ++backslashes;
            if (backslashes % 2 == 0) return at;
        }
        return at;
    }
    if (!is_word(text_[at])) return at;
    while (at > 0 && is_word(text_[at - 1])) --at;
    return at;
}

void PositionedBuilder::error_at(std::size_t offset, std::string message) {
    auto position = lines_.at(offset);
    sink_.error({document_.file, position.line, position.column, {}}, std::move(message));
    failed_ = true;
}

}  // namespace

std::optional<JsonDocument> read_json(std::string_view text, std::string file, diagnostics::Sink& sink) {
    JsonDocument document{std::move(file), {}, {}};
    std::size_t consumed = 0;
    PositionedBuilder builder(text, consumed, document, sink);
    CountingIterator first(text.data(), &consumed);
    CountingIterator last(text.data() + text.size(), &consumed);
    Json::sax_parse(first, last, &builder);
    if (builder.failed()) return std::nullopt;
    return document;
}

}  // namespace rpcforge::frontend::openrpc
