#include "transport/http/request_parser.hpp"

#include "transport/http/http_rules.hpp"

namespace rpcforge::detail {

// A request from a browser or curl has about 4 to 12 fields: one allocation holds them.
constexpr std::size_t usual_field_count = 12;

std::string_view ParsedRequest::header(std::string_view name) const {
    const auto* value = info.headers.find(name);
    return value ? std::string_view(*value) : std::string_view();
}

RequestParser::RequestParser(std::size_t header_limit, std::size_t body_limit) {
    this->header_limit(static_cast<std::uint32_t>(header_limit));
    this->body_limit(body_limit);
    request_.info.headers.reserve(usual_field_count);
}

void RequestParser::on_request_impl(boost::beast::http::verb verb, string_view method, string_view target,
                                    int version, error_code&) {
    request_.verb = verb;
    request_.info.method.assign(method.data(), method.size());
    request_.info.target.assign(target.data(), target.size());
    request_.version = static_cast<unsigned>(version);
}

void RequestParser::on_response_impl(int, string_view, int, error_code&) {}  // a request parser: never called

void RequestParser::on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code&) {
    request_.info.headers.add(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
}

void RequestParser::on_header_impl(error_code&) {
    request_.keep_alive = keep_alive();
    request_.info.cookies = parse_cookies(request_.info.headers);
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) {
    // basic_parser has already refused a Content-Length over the body limit.
    if (content_length) request_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
    request_.body.append(body.data(), body.size());
    return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
    request_.body.append(body.data(), body.size());
    return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

}  // namespace rpcforge::detail
