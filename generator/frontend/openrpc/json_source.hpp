#pragma once
// JSON read with the place of every value. nlohmann::json forgets where a value was written;
// diagnostics must not, so the parse runs through SAX events and records, for each value and
// each member's key, its line:col under its JSON pointer.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rpcforge::frontend::openrpc {

/// Members keep the order they were written in: struct fields and named parameters follow it.
using Json = nlohmann::ordered_json;

/// 1-based line and column. Columns count Unicode code points (not bytes), as editors do;
/// a tab counts as one.
struct TextPosition {
    int line = 0;
    int column = 0;
    bool operator==(const TextPosition&) const = default;
};

/// Where each value, and each object member's key, was written, by JSON pointer.
class SourceMap {
public:
    void add_value(const std::string& pointer, TextPosition position) { values_[pointer] = position; }
    void add_key(const std::string& pointer, TextPosition position) { keys_[pointer] = position; }
    std::optional<TextPosition> value(const std::string& pointer) const;
    std::optional<TextPosition> key(const std::string& pointer) const;

private:
    std::unordered_map<std::string, TextPosition> values_;
    std::unordered_map<std::string, TextPosition> keys_;
};

struct JsonDocument {
    std::string file;
    Json root;
    SourceMap positions;

    /// The place of the value at `pointer`: its first character (the quote of a string, the
    /// brace of an object). Line and column are 0 for a pointer that names no value.
    model::SourceLocation at(const std::string& pointer) const;
    /// The place of the key of the member at `pointer` (an unknown or misspelt property is
    /// best shown there); the value's place when it has no key.
    model::SourceLocation at_key(const std::string& pointer) const;
};

/// Values nested deeper than this are refused: later stages recurse over the document.
inline constexpr int max_json_depth = 256;

/// Parses `text` read from `file`. Syntax errors, duplicate keys and too deep nesting are
/// reported to `sink` at their line:col; the result is then nullopt.
std::optional<JsonDocument> read_json(std::string_view text, std::string file, diagnostics::Sink& sink);

}  // namespace rpcforge::frontend::openrpc
