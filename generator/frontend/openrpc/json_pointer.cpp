#include "frontend/openrpc/json_pointer.hpp"

namespace rpcforge::frontend::openrpc {

std::string pointer_append(std::string_view base, std::string_view token) {
    std::string pointer(base);
    pointer += '/';
    for (char c : token) {
        if (c == '~')
            pointer += "~0";
        else if (c == '/')
            pointer += "~1";
        else
            pointer += c;
    }
    return pointer;
}

std::string pointer_append(std::string_view base, std::size_t index) {
    return pointer_append(base, std::to_string(index));
}

std::optional<std::vector<std::string>> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    if (pointer.front() != '/') return std::nullopt;
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        char c = pointer[i];
        if (c == '/') {
            tokens.emplace_back();
        } else if (c == '~') {
            if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
            tokens.back() += pointer[++i] == '0' ? '~' : '/';
        } else {
            tokens.back() += c;
        }
    }
    return tokens;
}

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        int high = hex_digit(text[i + 1]);
        int low = hex_digit(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return decoded;
}

}  // namespace

std::optional<std::string> local_ref_pointer(std::string_view ref) {
    if (ref.empty() || ref.front() != '#') return std::nullopt;
    auto pointer = percent_decode(ref.substr(1));
    if (!pointer || !pointer_tokens(*pointer)) return std::nullopt;
    return pointer;
}

}  // namespace rpcforge::frontend::openrpc
