#include <rpcforge/context.hpp>

#include <algorithm>
#include <stdexcept>

namespace rpcforge {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Header names are ASCII tokens: compared without std::tolower, whose locale lookup per
/// character made a lookup among a request's few fields cost hundreds of instructions.
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// A CR or LF in a response header would let a value start headers (or a body) of its own.
void check_header_text(std::string_view text) {
    if (text.find_first_of("\r\n") != std::string_view::npos)
        throw std::invalid_argument("an HTTP header name or value must not contain CR or LF");
}

const std::string& none() {
    static const std::string empty;
    return empty;
}

}  // namespace

const std::string* Headers::find(std::string_view name) const {
    for (const auto& [field, value] : fields_)
        if (same_name(field, name)) return &value;
    return nullptr;
}

const std::string& CallContext::transport() const {
    return message.connection ? message.connection->transport : none();
}

const std::string& CallContext::remote_address() const {
    return message.connection ? message.connection->remote_address : none();
}

const std::string& CallContext::tls_peer_subject() const {
    return message.connection ? message.connection->tls_peer_subject : none();
}

bool Identity::has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const Identity* CallContext::identity() const {
    if (message.identity) return message.identity.get();
    return message.connection ? message.connection->identity.get() : nullptr;
}

const UnixPeerCredentials* CallContext::unix_peer() const {
    return message.connection && message.connection->unix_peer ? &*message.connection->unix_peer : nullptr;
}

const std::string* CallContext::header(std::string_view name) const {
    return message.http ? message.http->headers.find(name) : nullptr;
}

const std::string* CallContext::cookie(std::string_view name) const {
    if (!message.http) return nullptr;
    auto it = message.http->cookies.find(name);
    return it == message.http->cookies.end() ? nullptr : &it->second;
}

bool CallContext::set_header(std::string name, std::string value) {
    check_header_text(name);
    check_header_text(value);
    if (!message.has_response_headers) return false;
    message.response_headers.add(std::move(name), std::move(value));
    return true;
}

bool CallContext::set_cookie(const std::string& name, const std::string& value, const std::string& attributes) {
    if (name.empty() || name.find_first_of("=; \t") != std::string::npos)
        throw std::invalid_argument("bad cookie name '" + name + "'");
    if (value.find_first_of("; \t,\"\\") != std::string::npos)
        throw std::invalid_argument("a cookie value must not contain ; , \" \\ or white space");
    return set_header("Set-Cookie", name + "=" + value + (attributes.empty() ? "" : "; " + attributes));
}

}  // namespace rpcforge
