#include "auth/authorization_header.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace rpcforge::detail {
namespace {

bool same_ascii_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

std::optional<std::string_view> authorization_of(const Credentials& credentials, std::string_view scheme) {
    if (credentials.http == nullptr) return std::nullopt;
    const std::string* header = credentials.http->headers.find("Authorization");
    if (header == nullptr) return std::nullopt;
    std::string_view value = *header;
    auto space = value.find(' ');
    if (space == std::string_view::npos || !same_ascii_word(value.substr(0, space), scheme)) return std::nullopt;
    value.remove_prefix(space);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return value;
}

std::optional<std::string> decode_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::string out(text.size() / 4 * 3, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (length < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as bytes of zeros.
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

std::string read_table(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::system_error(errno, std::generic_category(), "cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void table_error(const std::filesystem::path& file, std::size_t line, const std::string& what) {
    throw std::invalid_argument(file.string() + ":" + std::to_string(line) + ": " + what);
}

}  // namespace rpcforge::detail
