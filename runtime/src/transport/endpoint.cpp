#include <rpcforge/endpoint.hpp>

#include <charconv>
#include <stdexcept>

namespace rpcforge {
namespace {

[[noreturn]] void bad_uri(std::string_view uri, const std::string& why) {
    throw std::invalid_argument("bad endpoint '" + std::string(uri) + "': " + why +
                                " (expected tcp://HOST:PORT, tcp://[IPV6]:PORT, tls://HOST:PORT, unix:///PATH, http://HOST:PORT/PATH, "
                                "https://HOST:PORT/PATH, ws://HOST:PORT/PATH, wss://HOST:PORT/PATH or stdio:)");
}

Framing parse_framing(std::string_view uri, std::string_view query) {
    if (query.empty()) return Framing::newline;
    constexpr std::string_view key = "framing=";
    if (query.substr(0, key.size()) != key) bad_uri(uri, "unknown option '" + std::string(query) + "'");
    auto value = query.substr(key.size());
    if (value == "newline") return Framing::newline;
    if (value == "content-length") return Framing::content_length;
    if (value == "json") return Framing::json;
    bad_uri(uri, "framing must be newline, content-length or json");
}

void parse_host_port(std::string_view uri, std::string_view authority, Endpoint& endpoint) {
    std::string_view port;
    if (authority.substr(0, 1) == "[") {
        auto close = authority.find(']');
        if (close == std::string_view::npos) bad_uri(uri, "unclosed '[' in IPv6 address");
        endpoint.host = authority.substr(1, close - 1);
        if (authority.substr(close + 1, 1) != ":") bad_uri(uri, "missing port");
        port = authority.substr(close + 2);
    } else {
        auto colon = authority.rfind(':');
        if (colon == std::string_view::npos) bad_uri(uri, "missing port");
        endpoint.host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (endpoint.host.empty()) bad_uri(uri, "missing host");
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        bad_uri(uri, "port must be a number from 0 to 65535");
    endpoint.port = static_cast<std::uint16_t>(value);
}

const char* scheme_of(Endpoint::Kind kind) {
    switch (kind) {
        case Endpoint::Kind::tcp: return "tcp";
        case Endpoint::Kind::unix_socket: return "unix";
        case Endpoint::Kind::tls: return "tls";
        case Endpoint::Kind::http: return "http";
        case Endpoint::Kind::https: return "https";
        case Endpoint::Kind::ws: return "ws";
        case Endpoint::Kind::wss: return "wss";
        case Endpoint::Kind::stdio: return "stdio";
    }
    return "?";
}

}  // namespace

Endpoint Endpoint::parse(std::string_view uri) {
    // stdio: names no place, so it has no "//"; a framing query may follow.
    if (uri.substr(0, 6) == "stdio:") {
        auto rest = uri.substr(6);
        if (!rest.empty() && rest[0] != '?') bad_uri(uri, "stdio: takes nothing but a framing query");
        Endpoint endpoint;
        endpoint.kind = Kind::stdio;
        endpoint.framing = parse_framing(uri, rest.empty() ? rest : rest.substr(1));
        return endpoint;
    }
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string_view::npos) bad_uri(uri, "missing scheme");
    auto scheme = uri.substr(0, scheme_end);
    auto rest = uri.substr(scheme_end + 3);
    auto question = rest.find('?');
    Endpoint endpoint;
    endpoint.framing = parse_framing(uri, question == std::string_view::npos ? "" : rest.substr(question + 1));
    rest = rest.substr(0, question);
    if (scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss") {
        if (question != std::string_view::npos) bad_uri(uri, "framing is for streams, not HTTP or WebSocket");
        endpoint.kind = scheme == "http" ? Kind::http : scheme == "https" ? Kind::https : scheme == "ws" ? Kind::ws : Kind::wss;
        auto slash = rest.find('/');
        endpoint.path = slash == std::string_view::npos ? "/" : rest.substr(slash);
        parse_host_port(uri, rest.substr(0, slash), endpoint);
    } else if (scheme == "tcp" || scheme == "tls") {
        endpoint.kind = scheme == "tcp" ? Kind::tcp : Kind::tls;
        parse_host_port(uri, rest, endpoint);
    } else if (scheme == "unix") {
        endpoint.kind = Kind::unix_socket;
        if (rest.empty()) bad_uri(uri, "missing socket path");
        endpoint.path = rest;
    } else {
        bad_uri(uri, "unsupported scheme '" + std::string(scheme) + "'");
    }
    return endpoint;
}

std::string Endpoint::to_uri() const {
    std::string uri;
    if (kind == Kind::stdio) {
        uri = "stdio:";
    } else if (kind == Kind::unix_socket) {
        uri = "unix://" + path;
    } else {
        bool ipv6 = host.find(':') != std::string::npos;
        uri = std::string(scheme_of(kind)) + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
        if (is_http() || is_websocket()) uri += path;
    }
    if (framing == Framing::content_length) uri += "?framing=content-length";
    if (framing == Framing::json) uri += "?framing=json";
    return uri;
}

}  // namespace rpcforge
