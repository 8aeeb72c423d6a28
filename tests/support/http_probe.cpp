#include "support/http_probe.hpp"

#include <rpcforge/endpoint.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

namespace rpcforge::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

std::string HttpReply::header(const std::string& name) const {
    for (const auto& [field, value] : headers)
        if (boost::beast::iequals(field, name)) return value;
    return {};
}

std::size_t HttpReply::count(const std::string& name) const {
    std::size_t n = 0;
    for (const auto& [field, value] : headers) n += boost::beast::iequals(field, name) ? 1 : 0;
    return n;
}

struct HttpProbe::Impl {
    asio::io_context io;
    tcp::socket socket{io};
    boost::beast::flat_buffer buffer;
    bool closed = false;
};

HttpProbe::HttpProbe(const std::string& uri) : impl_(std::make_unique<Impl>()) {
    auto endpoint = Endpoint::parse(uri);
    impl_->socket.connect(tcp::endpoint(asio::ip::make_address(endpoint.host), endpoint.port));
}

HttpProbe::~HttpProbe() = default;

// A server that refuses a request may close before reading all of it; what it answered is
// still to be read, so a failed write is not an error here.
void HttpProbe::write(const std::string& bytes) {
    boost::system::error_code ignored;
    asio::write(impl_->socket, asio::buffer(bytes), ignored);
}

std::optional<HttpReply> HttpProbe::read(std::chrono::milliseconds timeout, bool to_head) {
    if (impl_->closed) return std::nullopt;
    http::response_parser<http::string_body> parser;
    parser.skip(to_head);
    parser.body_limit(64 * 1024 * 1024);
    boost::system::error_code result = asio::error::would_block;
    http::async_read(impl_->socket, impl_->buffer, parser, [&](boost::system::error_code ec, std::size_t) { result = ec; });
    impl_->io.restart();
    impl_->io.run_for(timeout);
    if (result == asio::error::would_block) {
        impl_->socket.cancel();
        impl_->io.restart();
        impl_->io.run();
        return std::nullopt;
    }
    if (result) {
        impl_->closed = true;
        return std::nullopt;
    }
    auto response = parser.release();
    HttpReply reply;
    reply.status = response.result_int();
    reply.version = response.version();
    reply.keep_alive = response.keep_alive();
    for (const auto& field : response) reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    reply.body = std::move(response.body());
    return reply;
}

bool HttpProbe::closed_by_peer(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!impl_->closed && std::chrono::steady_clock::now() < deadline)
        read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    return impl_->closed;
}

std::string HttpProbe::post(const std::string& path, const std::string& body, const std::string& extra_headers,
                            const std::string& content_type) {
    return "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Type: " + content_type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

}  // namespace rpcforge::test
