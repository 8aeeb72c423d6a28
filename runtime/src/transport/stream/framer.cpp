#include "transport/stream/framer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rpcforge::detail {

Error oversized_frame(std::size_t limit) {
    return Error(error_code::invalid_request, "Invalid Request",
                 "message exceeds the limit of " + std::to_string(limit) + " bytes");
}

namespace {

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

/// One JSON text per line; "\r\n" and blank lines accepted.
class NewlineFramer final : public Framer {
public:
    explicit NewlineFramer(std::size_t limit) : limit_(limit) {}

    void feed(std::string_view bytes, FrameSink& sink) override {
        while (!bytes.empty()) {
            auto newline = bytes.find('\n');
            auto piece = bytes.substr(0, newline);
            if (!discarding_) {
                if (buffer_.size() + piece.size() > limit_ + 1) {  // +1: a trailing '\r'
                    discarding_ = true;
                    buffer_.clear();
                    buffer_.shrink_to_fit();
                    sink.on_frame_error(oversized_frame(limit_), false);
                } else {
                    if (newline == std::string_view::npos) expect_long_line(piece.size());
                    buffer_.append(piece);
                }
            }
            if (newline == std::string_view::npos) return;
            bytes.remove_prefix(newline + 1);
            end_line(sink);
        }
    }

    bool has_partial_frame() const override { return !is_blank(buffer_) || discarding_; }
    std::string wrap(std::string message) const override {
        message += '\n';
        return message;  // moved: `return message += ...` would copy the whole message
    }

private:
    /// A line is starting that the bytes at hand do not finish: room for it at once, as long
    /// as the last line that needed more than one read, so that a peer sending large messages
    /// again and again does not have each one copied over and over as its buffer doubles.
    void expect_long_line(std::size_t piece_bytes) {
        if (!buffer_.empty()) return;
        buffer_.reserve(std::min(limit_ + 1, std::max(piece_bytes, last_long_line_bytes_)));
        reading_long_line_ = true;
    }

    void end_line(FrameSink& sink) {
        if (!discarding_) {
            if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
            if (reading_long_line_) last_long_line_bytes_ = buffer_.size() + 1;  // +1: a '\r' may come
            if (buffer_.size() > limit_)  // the '\r' allowance was not used by a '\r'
                sink.on_frame_error(oversized_frame(limit_), false);
            else if (!is_blank(buffer_))
                sink.on_frame(std::move(buffer_));
        }
        buffer_.clear();
        discarding_ = false;
        reading_long_line_ = false;
    }

    std::size_t limit_;
    std::string buffer_;
    bool discarding_ = false;  // inside a line over the limit: skipped up to its end
    bool reading_long_line_ = false;  // the line in buffer_ began without its end in sight
    std::size_t last_long_line_bytes_ = 0;  // the size of the last such line, what to expect next
};

/// "Content-Length: N\r\n[other headers]\r\n" then N bytes, as the Language Server Protocol.
class ContentLengthFramer final : public Framer {
public:
    explicit ContentLengthFramer(std::size_t limit) : limit_(limit) {}

    void feed(std::string_view bytes, FrameSink& sink) override {
        while (!bytes.empty() && !broken_) {
            if (to_skip_ > 0) {
                auto n = std::min(to_skip_, bytes.size());
                to_skip_ -= n;
                bytes.remove_prefix(n);
            } else if (body_length_) {
                auto n = std::min(*body_length_ - buffer_.size(), bytes.size());
                buffer_.append(bytes.substr(0, n));
                bytes.remove_prefix(n);
                if (buffer_.size() == *body_length_) {
                    body_length_.reset();
                    sink.on_frame(std::exchange(buffer_, {}));
                }
            } else {
                bytes = read_headers(bytes, sink);
            }
        }
    }

    bool has_partial_frame() const override { return !buffer_.empty() || body_length_ || to_skip_ > 0; }

    std::string wrap(std::string message) const override {
        return "Content-Length: " + std::to_string(message.size()) + "\r\n\r\n" + message;
    }

private:
    static constexpr std::size_t max_header_bytes = 8192;

    /// The headers and their blank line are held to max_header_bytes + 4 bytes in all, however
    /// the reads split them: so the same headers pass or fail whatever the chunk sizes.
    std::string_view read_headers(std::string_view bytes, FrameSink& sink) {
        constexpr std::size_t most = max_header_bytes + 4;
        auto before = buffer_.size();
        buffer_.append(bytes.substr(0, most - before));
        auto end = buffer_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (buffer_.size() == most) fail(sink, "frame headers longer than 8192 bytes");
            return {};
        }
        auto consumed = end + 4 - before;
        auto length = content_length(std::string_view(buffer_).substr(0, end + 2));
        buffer_.clear();
        if (!length) {
            fail(sink, "frame headers without a valid Content-Length");
        } else if (*length > limit_) {
            to_skip_ = *length;
            sink.on_frame_error(oversized_frame(limit_), false);
        } else if (*length == 0) {
            sink.on_frame({});
        } else {
            body_length_ = *length;
        }
        return bytes.substr(consumed);
    }

    /// Finds "Content-Length: N" (name case-insensitive) among "\r\n"-ended header lines.
    static std::optional<std::size_t> content_length(std::string_view headers) {
        constexpr std::string_view name = "content-length:";
        while (!headers.empty()) {
            auto end = headers.find("\r\n");
            auto line = headers.substr(0, end);
            headers.remove_prefix(std::min(headers.size(), end + 2));
            if (line.size() < name.size() ||
                !std::equal(name.begin(), name.end(), line.begin(),
                            [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
                continue;
            auto value = line.substr(name.size());
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
            std::size_t length = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
            if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) return std::nullopt;
            return length;
        }
        return std::nullopt;
    }

    void fail(FrameSink& sink, std::string detail) {
        broken_ = true;
        buffer_.clear();
        sink.on_frame_error(Error(error_code::parse_error, "Parse error", std::move(detail)), true);
    }

    std::size_t limit_;
    std::string buffer_;  // headers so far, then the body so far
    std::optional<std::size_t> body_length_;
    std::size_t to_skip_ = 0;  // bytes left of a body over the limit
    bool broken_ = false;
};

/// JSON texts back to back, found by their own syntax: a text ends where its outermost
/// array or object closes. A scalar or garbage ends at white space. A raw newline inside a
/// string and a bracket that closes the wrong kind are never valid JSON, so they end the
/// text too: broken input costs one parse error, not the messages behind it.
class JsonStreamFramer final : public Framer {
public:
    explicit JsonStreamFramer(std::size_t limit) : limit_(limit) {}

    void feed(std::string_view bytes, FrameSink& sink) override {
        std::size_t start = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (scan(bytes[i])) {
                emit(bytes.substr(start, i + 1 - start), sink);
                start = i + 1;
            }
        }
        keep(bytes.substr(start), sink);
    }

    bool has_partial_frame() const override { return started_; }
    std::string wrap(std::string message) const override {
        message += '\n';
        return message;  // moved, not copied
    }

private:
    /// JSON's white space only. std::isspace also takes \f and \v, which keep() did not strip:
    /// a text after them kept them, and counted them against the limit, only when they came in
    /// the same read (found by fuzz_framer_json_stream).
    static bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

    /// Advances the scanner by one byte; true when that byte ends a text.
    bool scan(char c) {
        if (!started_) {
            if (is_json_space(c)) {
                skipped_leading_ = true;
                return false;
            }
            started_ = true;
            scalar_ = c != '[' && c != '{';
        }
        if (scalar_) return is_json_space(c);
        if (in_string_) {
            if (escaped_) escaped_ = false;
            else if (c == '\\') escaped_ = true;
            else if (c == '"') in_string_ = false;
            else if (c == '\n') return true;
            return false;
        }
        if (c == '"') {
            in_string_ = true;
        } else if (c == '[' || c == '{') {
            // Kinds are remembered up to the size limit only: past it the text is being
            // discarded anyway, and the count alone still finds its end.
            if (open_.size() < limit_) open_.push_back(c);
            ++depth_;
        } else if (c == ']' || c == '}') {
            if (depth_ == open_.size()) {
                if (open_.back() != (c == ']' ? '[' : '{')) return true;
                open_.pop_back();
            }
            return --depth_ == 0;
        }
        return false;
    }

    void emit(std::string_view tail, FrameSink& sink) {
        keep(tail, sink);
        if (!discarding_) sink.on_frame(std::move(buffer_));
        reset();
    }

    void keep(std::string_view bytes, FrameSink& sink) {
        if (discarding_ || bytes.empty()) return;
        if (!started_) return;  // only white space so far
        if (skipped_leading_) {
            auto first = bytes.find_first_not_of(" \t\r\n");
            bytes.remove_prefix(std::min(first, bytes.size()));
            skipped_leading_ = false;
        }
        if (buffer_.size() + bytes.size() > limit_) {
            discarding_ = true;
            buffer_.clear();
            buffer_.shrink_to_fit();
            sink.on_frame_error(oversized_frame(limit_), false);
            return;
        }
        buffer_.append(bytes);
    }

    void reset() {
        buffer_.clear();
        started_ = scalar_ = in_string_ = escaped_ = discarding_ = skipped_leading_ = false;
        open_.clear();
        depth_ = 0;
    }

    std::size_t limit_;
    std::string buffer_;
    std::string open_;       // the brackets not yet closed, outermost first (at most limit_)
    std::size_t depth_ = 0;  // how many are open, also past what open_ holds
    bool started_ = false, scalar_ = false, in_string_ = false, escaped_ = false;
    bool discarding_ = false, skipped_leading_ = false;
};

}  // namespace

std::unique_ptr<Framer> make_framer(Framing framing, std::size_t max_message_bytes) {
    switch (framing) {
        case Framing::newline: return std::make_unique<NewlineFramer>(max_message_bytes);
        case Framing::content_length: return std::make_unique<ContentLengthFramer>(max_message_bytes);
        case Framing::json: return std::make_unique<JsonStreamFramer>(max_message_bytes);
    }
    return nullptr;
}

}  // namespace rpcforge::detail
