#include "transport/timeouts.hpp"

#include <nlohmann/json.hpp>

namespace rpcforge::detail {
namespace {

/// Stops at the first member that tells a request from a response, at the top level of the
/// message or of one of the objects in a top-level array (a batch).
class MessageKind : public nlohmann::json_sax<nlohmann::json> {
public:
    bool request = false;
    bool response = false;

    bool key(string_t& name) override {
        if (depth_ != (batch_ ? 2 : 1)) return true;
        if (name == "method") request = true;
        if (name == "result" || name == "error") response = true;
        // A batch may mix responses with requests: only a request settles it.
        return !(request || (response && !batch_));
    }
    bool start_object(std::size_t) override { return enter(false); }
    bool end_object() override { return leave(); }
    bool start_array(std::size_t) override { return enter(true); }
    bool end_array() override { return leave(); }
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        broken = true;
        return false;
    }
    bool broken = false;

private:
    bool enter(bool array) {
        if (depth_++ == 0) batch_ = array;
        return true;
    }
    bool leave() {
        --depth_;
        return true;
    }
    std::size_t depth_ = 0;
    bool batch_ = false;
};

}  // namespace

bool expects_answer(std::string_view message) {
    MessageKind kind;
    nlohmann::json::sax_parse(message.begin(), message.end(), &kind, nlohmann::json::input_format_t::json, false);
    // Without "method" and with "result" or "error" it is an answer; anything else the peer
    // answers, if only with an error.
    return kind.request || kind.broken || !kind.response;
}

}  // namespace rpcforge::detail

namespace rpcforge::detail {

bool DeadlineClock::received(bool unfinished) {
    last_activity_ = clock::now();
    if (!unfinished) return partial_ = false;
    if (partial_) return false;
    partial_ = true;
    partial_since_ = last_activity_;
    return true;
}

void DeadlineClock::message(const std::string* text) {
    if (text == nullptr || (timeouts_.idle.count() > 0 && expects_answer(*text))) ++unanswered_;
}

void DeadlineClock::answered() {
    if (unanswered_ > 0) --unanswered_;
    last_activity_ = clock::now();
}

void DeadlineClock::resumed() { partial_since_ = clock::now(); }

std::string DeadlineClock::check(bool reading, bool writing, clock::time_point& next) const {
    auto now = clock::now();
    // While neither deadline runs (a request in flight), look again after the shorter one.
    auto shorter = timeouts_.idle.count() == 0   ? timeouts_.read
                   : timeouts_.read.count() == 0 ? timeouts_.idle
                                                 : std::min(timeouts_.idle, timeouts_.read);
    next = now + shorter;
    if (timeouts_.read.count() > 0 && partial_ && reading) {
        if (now >= read_due())
            return "read timeout: a message was not finished within " + std::to_string(timeouts_.read.count()) + " ms";
        next = std::min(next, read_due());
    }
    bool busy = unanswered_ > 0 || partial_ || writing;
    if (timeouts_.idle.count() > 0 && !busy) {
        auto due = last_activity_ + timeouts_.idle;
        if (now >= due) return "idle timeout: nothing received for " + std::to_string(timeouts_.idle.count()) + " ms";
        next = std::min(next, due);
    }
    return {};
}

}  // namespace rpcforge::detail
