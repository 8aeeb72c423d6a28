#pragma once
// The HTTP server's request parser: beast's parser (basic_parser does all the reading,
// validation and limits), writing what it reads straight into what the server keeps of a
// request.

#include <rpcforge/context.hpp>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace rpcforge::detail {

/// One request, as the HTTP server keeps it.
struct ParsedRequest {
    /// What handlers see: method, target, header fields in arrival order, cookies.
    HttpRequestInfo info;
    boost::beast::http::verb verb = boost::beast::http::verb::unknown;
    unsigned version = 11;
    bool keep_alive = true;
    std::string body;

    /// The first value of header `name`; "" when there is none.
    std::string_view header(std::string_view name) const;
};

/// Reads one request into a ParsedRequest; a new parser for each request, as with beast's own.
///
/// Why not beast's request_parser<string_body>: its message keeps the fields in basic_fields
/// (an allocation per field, linked into a tree and a list), and the server then copied every
/// field again into the HttpRequestInfo handlers see. Together that was a tenth of an HTTP
/// call's instructions.
class RequestParser final : public boost::beast::http::basic_parser<true> {
public:
    RequestParser(std::size_t header_limit, std::size_t body_limit);

    /// The request, once is_done(); the parser is spent after.
    ParsedRequest release() { return std::move(request_); }

private:
    using string_view = boost::beast::string_view;
    using error_code = boost::beast::error_code;

    void on_request_impl(boost::beast::http::verb verb, string_view method, string_view target, int version,
                         error_code& ec) override;
    void on_response_impl(int status, string_view reason, int version, error_code& ec) override;
    void on_field_impl(boost::beast::http::field field, string_view name, string_view value, error_code& ec) override;
    void on_header_impl(error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
    std::size_t on_body_impl(string_view body, error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
    std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
    void on_finish_impl(error_code& ec) override;

    ParsedRequest request_;
};

}  // namespace rpcforge::detail
