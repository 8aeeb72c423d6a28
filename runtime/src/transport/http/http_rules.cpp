#include "transport/http/http_rules.hpp"

#include "transport/http/http_site.hpp"

#include <rpcforge/codec.hpp>

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace rpcforge::detail {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

/// Calls `each` with every trimmed, non-empty piece of `text` between `separator`s.
template <class Each>
void split(std::string_view text, char separator, Each each) {
    while (!text.empty()) {
        auto end = text.find(separator);
        auto piece = trim(text.substr(0, end));
        if (!piece.empty()) each(piece);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

/// What each serialisation is called on the wire. Subprotocol names are case-sensitive
/// (RFC 6455), media types are not.
struct SerializationNames {
    Serialization serialization;
    std::string_view media_type;
    std::string_view subprotocol;
};

constexpr SerializationNames serialization_names[] = {
    {Serialization::json, "application/json", "jsonrpc.json"},
    {Serialization::cbor, "application/cbor", "jsonrpc.cbor"},
    {Serialization::msgpack, "application/msgpack", "jsonrpc.msgpack"},
};

const SerializationNames& names_of(Serialization serialization) {
    for (const auto& names : serialization_names)
        if (names.serialization == serialization) return names;
    return serialization_names[0];
}

/// "Application/JSON; charset=utf-8" -> "Application/JSON": the type, parameters and spaces aside.
std::string_view bare_media_type(std::string_view content_type) {
    return trim(content_type.substr(0, content_type.find(';')));
}

bool is_callback_name(std::string_view name) {
    if (name.empty() || name.size() > 128) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '$' || c == '.';
    });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// A query value: JSON when it is JSON (n=5 is a number), else a string; nothing when it is
/// JSON nested deeper than a message may be by default. The query is read before any message
/// limit applies, and what is made of it is written out and copied by recursive code: a
/// value 8,000 levels deep (16 KiB of brackets) overflowed the stack.
std::optional<json> query_value(const std::string& text) {
    if (!json::accept(text)) return json(text);
    try {
        return decode(text, Limits{});
    } catch (const Error&) {
        return std::nullopt;
    }
}

}  // namespace

std::optional<Serialization> serialization_of_media_type(std::string_view content_type) {
    // Compared in place: this runs for every HTTP request.
    auto type = bare_media_type(content_type);
    auto is = [type](std::string_view name) { return boost::beast::iequals(type, name); };
    if (is("application/json") || is("application/json-rpc") || is("application/jsonrequest")) return Serialization::json;
    if (is("application/x-msgpack")) return Serialization::msgpack;
    for (const auto& names : serialization_names)
        if (is(names.media_type)) return names.serialization;
    return std::nullopt;
}

std::string_view media_type_of(Serialization serialization) { return names_of(serialization).media_type; }

std::string_view answer_media_type(std::string_view request_content_type) {
    auto serialization = serialization_of_media_type(request_content_type);
    if (!serialization) return media_type_of(Serialization::json);
    if (*serialization == Serialization::msgpack &&
        boost::beast::iequals(bare_media_type(request_content_type), "application/x-msgpack"))
        return "application/x-msgpack";
    return media_type_of(*serialization);
}

std::string_view subprotocol_of(Serialization serialization) { return names_of(serialization).subprotocol; }

std::optional<Serialization> first_known_subprotocol(std::string_view offer) {
    std::optional<Serialization> found;
    split(offer, ',', [&](std::string_view name) {
        for (const auto& names : serialization_names)
            if (!found && name == names.subprotocol) found = names.serialization;
    });
    return found;
}

std::map<std::string, std::string, std::less<>> parse_cookies(const Headers& headers) {
    std::map<std::string, std::string, std::less<>> cookies;
    for (const auto& [name, value] : headers.fields()) {
        if (!boost::beast::iequals(name, "cookie")) continue;
        split(value, ';', [&](std::string_view pair) {
            auto equals = pair.find('=');
            if (equals == std::string_view::npos || equals == 0) return;
            cookies.emplace(std::string(trim(pair.substr(0, equals))), std::string(trim(pair.substr(equals + 1))));
        });
    }
    return cookies;
}

bool accepts_gzip(std::string_view accept_encoding) {
    bool accepted = false;
    split(accept_encoding, ',', [&](std::string_view item) {
        auto semicolon = item.find(';');
        auto coding = lower(trim(item.substr(0, semicolon)));
        if (coding != "gzip" && coding != "*") return;
        auto parameters = semicolon == std::string_view::npos ? std::string() : lower(item.substr(semicolon + 1));
        parameters.erase(std::remove(parameters.begin(), parameters.end(), ' '), parameters.end());
        bool refused = parameters == "q=0" || parameters == "q=0.0" || parameters == "q=0.00" || parameters == "q=0.000";
        if (coding == "gzip" || !refused) accepted = !refused;
    });
    return accepted;
}

std::optional<std::string> cors_origin_answer(const CorsOptions& cors, std::string_view origin) {
    const auto& allowed = cors.allowed_origins;
    if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return std::string(origin);
    if (std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) return std::string("*");
    return std::nullopt;
}

void check_cors_options(const CorsOptions& cors) {
    const auto& allowed = cors.allowed_origins;
    if (cors.allow_credentials && std::find(allowed.begin(), allowed.end(), "*") != allowed.end())
        throw std::invalid_argument(
            "CORS: allowed_origins \"*\" cannot go with allow_credentials (every site could call with the "
            "user's cookies); name the origins");
}

std::optional<std::string> url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] != '%') {
            out += text[i];
        } else {
            if (i + 2 >= text.size()) return std::nullopt;
            int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

std::optional<JsonpCall> jsonp_call(std::string_view method, std::string_view query) {
    JsonpCall call;
    json params = json::object();
    bool broken = false;
    split(query, '&', [&](std::string_view pair) {
        auto equals = pair.find('=');
        auto name = url_decode(pair.substr(0, equals));
        auto value = url_decode(equals == std::string_view::npos ? "" : pair.substr(equals + 1));
        if (!name || !value) return void(broken = true);
        if (*name == "jsonp" || *name == "callback") return void(call.callback = *value);
        auto parsed = query_value(*value);
        if (!parsed) return void(broken = true);
        params[*name] = std::move(*parsed);
    });
    auto decoded_method = url_decode(method);
    if (broken || !decoded_method || decoded_method->empty() || !is_callback_name(call.callback)) return std::nullopt;
    call.request = {{"jsonrpc", "2.0"}, {"method", *decoded_method}, {"params", std::move(params)}, {"id", 1}};
    return call;
}

std::string jsonp_script(const std::string& callback, const json& answer) {
    if (answer.contains("error")) return callback + "(null, " + to_wire(answer["error"]) + ");";
    return callback + "(" + to_wire(answer.value("result", json())) + ");";
}

const std::pair<std::string, HttpHandler>* HttpSite::route_for(std::string_view path) const {
    const std::pair<std::string, HttpHandler>* best = nullptr;
    for (const auto& route : routes) {
        const auto& prefix = route.first;
        bool matches = prefix == path ||
                       (!prefix.empty() && prefix.back() == '/' && path.substr(0, prefix.size()) == prefix);
        if (matches && (!best || prefix.size() > best->first.size())) best = &route;
    }
    return best;
}

}  // namespace rpcforge::detail
