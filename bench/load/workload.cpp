// Requests are written with std::to_chars and answers checked by scanning for the members that
// matter, not by a JSON parser: the generator shares two cores with the server it measures, and
// every cycle it spends is one the server does not get. The scan is strict enough to tell a right
// answer from an error object, a wrong sum or a wrong id.

#include "workload.hpp"

#include <charconv>
#include <stdexcept>

namespace rpcforge::bench {

namespace {

void append_number(std::string& out, std::uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

void append_add(std::string& out, std::uint64_t id) {
    out += R"({"jsonrpc":"2.0","method":"add","params":[)";
    append_number(out, id);
    out += ",2],\"id\":";
    append_number(out, id);
    out += '}';
}

/// The integer after `"key":` in `object`, if there is one.
bool member_number(std::string_view object, std::string_view quoted_key, std::uint64_t& value) {
    auto at = object.find(quoted_key);
    if (at == std::string_view::npos) return false;
    auto rest = object.substr(at + quoted_key.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':')) rest.remove_prefix(1);
    auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    return error == std::errc{} && end != rest.data();
}

/// One answer object of add: "result" is id + 2 and there is no "error".
bool right_sum(std::string_view object, std::uint64_t& id) {
    std::uint64_t result = 0;
    return object.find("\"error\"") == std::string_view::npos && member_number(object, "\"id\"", id) &&
           member_number(object, "\"result\"", result) && result == id + 2;
}

}  // namespace

WorkloadKind parse_workload_kind(const std::string& name) {
    if (name == "add") return WorkloadKind::add;
    if (name == "echo") return WorkloadKind::echo;
    if (name == "batch") return WorkloadKind::batch;
    throw std::invalid_argument("unknown workload '" + name + "' (add, echo, batch)");
}

void Workload::prepare() {
    echo_text_.assign(echo_bytes, 'x');
    for (std::size_t i = 0; i < echo_text_.size(); i += 61) echo_text_[i] = static_cast<char>('a' + i % 26);
}

void Workload::append_message(std::string& out, std::uint64_t id) const {
    switch (kind) {
    case WorkloadKind::add:
        append_add(out, id);
        return;
    case WorkloadKind::echo:
        out += R"({"jsonrpc":"2.0","method":"echo","params":[")";
        out += echo_text_;
        out += "\"],\"id\":";
        append_number(out, id);
        out += '}';
        return;
    case WorkloadKind::batch:
        out += '[';
        for (std::size_t i = 0; i < batch_size; ++i) {
            if (i) out += ',';
            append_add(out, id + i);
        }
        out += ']';
        return;
    }
}

Workload::Checked Workload::check(std::string_view answer) const {
    Checked checked;
    if (kind == WorkloadKind::add) {
        if (right_sum(answer, checked.id)) checked.calls = 1;
        return checked;
    }
    if (kind == WorkloadKind::echo) {
        auto at = answer.find("\"result\"");
        if (at == std::string_view::npos || answer.find("\"error\"") != std::string_view::npos) return checked;
        auto open = answer.find('"', at + 8);
        if (open == std::string_view::npos || answer.compare(open + 1, echo_text_.size(), echo_text_) != 0 ||
            answer.substr(open + 1 + echo_text_.size(), 1) != "\"")
            return checked;
        if (member_number(answer, "\"id\"", checked.id)) checked.calls = 1;
        return checked;
    }
    // A batch: flat answer objects (an error object nests one, and counts as wrong).
    std::uint64_t first = UINT64_MAX;
    std::size_t right = 0;
    for (std::size_t open = answer.find('{'); open != std::string_view::npos; open = answer.find('{', open + 1)) {
        auto close = answer.find('}', open);
        if (close == std::string_view::npos) break;
        std::uint64_t id = 0;
        if (right_sum(answer.substr(open, close - open + 1), id)) {
            ++right;
            first = std::min(first, id);
        }
        open = close;
    }
    if (right == batch_size) checked = {right, first};
    return checked;
}

}  // namespace rpcforge::bench
