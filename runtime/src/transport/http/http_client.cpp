// The client side of HTTP/1.1: each message sent is the body of one POST, on a keep-alive
// connection, one request at a time; the body of each response is the message received.
// When the server has closed the connection (idle timeout, "Connection: close", a restart)
// the next request goes out on a new one; a request already written is never sent twice.
// Every member function body runs on the socket's strand.

#include "transport/http/gzip.hpp"
#include "transport/http/http_connections.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/tls/dial.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <optional>

#include <poll.h>

namespace rpcforge::detail {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string host_header(const Endpoint& endpoint) {
    bool ipv6 = endpoint.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

/// The cookies a server set, sent back with every later request.
class CookieJar {
public:
    void take(const http::response<http::string_body>& response) {
        auto [first, last] = response.equal_range(http::field::set_cookie);
        for (auto field = first; field != last; ++field) {
            auto value = std::string_view(field->value());
            auto pair = value.substr(0, value.find(';'));
            auto equals = pair.find('=');
            if (equals == std::string_view::npos || equals == 0) continue;
            std::string name(pair.substr(0, equals));
            if (value.find("Max-Age=0") != std::string_view::npos) cookies_.erase(name);
            else cookies_[name] = std::string(pair.substr(equals + 1));
        }
    }

    std::string header() const {
        std::string out;
        for (const auto& [name, value] : cookies_) out += (out.empty() ? "" : "; ") + name + "=" + value;
        return out;
    }

private:
    std::map<std::string, std::string> cookies_;
};

/// Whether the server has closed this idle connection (or reset it), so that it cannot take
/// another request. Asked before each request, without waiting. POLLRDHUP sees the close even
/// behind bytes not yet read, such as a TLS close_notify; bytes alone (a TLS 1.3 server's
/// session tickets) are no close.
bool server_went_away(boost::asio::ip::tcp::socket& socket) {
    pollfd watch{socket.native_handle(), POLLRDHUP, 0};
    return ::poll(&watch, 1, 0) > 0 && (watch.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

template <class Socket>
class HttpClientConnection final : public Connection,
                                   public std::enable_shared_from_this<HttpClientConnection<Socket>> {
public:
    HttpClientConnection(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                         const StreamSettings& settings, std::chrono::milliseconds connect_timeout)
        : socket_(std::move(socket)),
          executor_(socket_->get_executor()),
          info_(std::move(info)),
          endpoint_(endpoint),
          settings_(settings),
          connect_timeout_(connect_timeout),
          host_(host_header(endpoint)),
          options_(settings.http_client),
          limits_(settings.limits) {}

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        asio::dispatch(executor_, [self = this->shared_from_this(), handler = std::move(handler)] {
            self->handler_ = handler;
            self->next_request();
        });
    }

    void send(std::string message) override {
        asio::post(executor_, [self = this->shared_from_this(), message = std::move(message)]() mutable {
            if (self->closed_ || self->closing_) return;
            self->queue_.push_back(std::move(message));
            self->next_request();
        });
    }

    void close() override {
        asio::post(executor_, [self = this->shared_from_this()] {
            self->closing_ = true;
            if (!self->busy_) self->finish({});
        });
    }

    void abort() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->finish({}); });
    }

    // No more answers are wanted: as though the server had gone.
    void stop_reading() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->end_input(); });
    }

    // Responses are read one per request, so there is no reading to hold back or resume.
    void resume_reading() override {}

    std::shared_ptr<const ConnectionInfo> info() const override { return info_; }
    Serialization serialization() const override { return options_.serialization; }
    asio::any_io_executor executor() const override { return executor_; }

private:
    // ---- one request at a time -------------------------------------------------------------

    void next_request() {
        if (busy_ || closed_ || !handler_) return;
        if (queue_.empty()) {
            if (closing_) finish({});
            return;
        }
        busy_ = true;
        if (socket_ && server_went_away(boost::beast::get_lowest_layer(*socket_))) disconnect();
        if (!socket_) return redial();
        write_request();
    }

    /// A new connection for the next request, the old one being gone. Cookies and headers
    /// live in this object, so they carry over.
    void redial() {
        dial(executor_, endpoint_, settings_, connect_timeout_,
             [self = this->shared_from_this()](std::optional<Socket> socket, const std::string& error) {
                 self->on_dialled(std::move(socket), error);
             });
    }

    void on_dialled(std::optional<Socket> socket, const std::string& error) {
        if (closed_) return;
        if (!socket) {
            // Every request waiting fails, unsent; a later one dials again.
            while (!queue_.empty()) {
                if (!input_ended_) handler_->on_not_sent(queue_.front(), error);
                queue_.pop_front();
            }
            return done_with_request();
        }
        socket_ = std::move(socket);
        buffer_.clear();
        write_request();
    }

    void write_request() {
        request_ = {http::verb::post, endpoint_.path, 11};
        request_.set(http::field::host, host_);
        request_.set(http::field::user_agent, "rpcforge");
        request_.set(http::field::content_type, media_type_of(options_.serialization));
        request_.set(http::field::accept, media_type_of(options_.serialization));
        request_.set(http::field::accept_encoding, "gzip");
        for (const auto& [name, value] : options_.headers.fields()) request_.set(name, value);
        if (auto cookies = jar_.header(); options_.keep_cookies && !cookies.empty()) request_.set(http::field::cookie, cookies);
        request_.keep_alive(true);
        request_.body() = std::move(queue_.front());
        queue_.pop_front();
        request_.prepare_payload();
        http::async_write(*socket_, request_, [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
            self->on_write(ec);
        });
    }

    void on_write(boost::system::error_code ec) {
        if (closed_) return;
        if (ec) return lose_request("the connection to the server failed while sending: " + ec.message());
        parser_.emplace();
        parser_->body_limit(limits_.max_message_bytes);
        http::async_read(*socket_, buffer_, *parser_, [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
            self->on_read(ec);
        });
    }

    void on_read(boost::system::error_code ec) {
        if (closed_) return;
        if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
            ec == asio::error::connection_reset)
            return lose_request("the server closed the connection before answering");
        if (ec) return lose_request("no answer from the server: " + ec.message());
        auto response = parser_->release();
        if (!response.keep_alive()) disconnect();
        if (options_.keep_cookies) jar_.take(response);
        deliver(response);
        done_with_request();
    }

    /// A JSON-RPC answer, whatever the status (some servers send errors with 500); with no
    /// body, a success status means "nothing to answer" (a notification).
    void deliver(http::response<http::string_body>& response) {
        auto body = body_of(response);
        if (!body) return lose(request_.body(), "the server's response body is not valid gzip");
        auto serialization = serialization_of_media_type(response[http::field::content_type]);
        bool success = response.result_int() / 100 == 2;
        if (!is_blank(*body) && (serialization || success)) {
            auto context = std::make_shared<MessageContext>();
            context->serialization = serialization.value_or(options_.serialization);
            if (!input_ended_) handler_->on_message(std::move(*body), std::move(context));
        } else if (!success) {
            lose(request_.body(), "HTTP " + std::to_string(response.result_int()) + " " + std::string(response.reason()));
        }
    }

    std::optional<std::string> body_of(http::response<http::string_body>& response) const {
        auto encoding = response[http::field::content_encoding];
        if (encoding.empty() || boost::beast::iequals(encoding, "identity")) return std::move(response.body());
        return gunzip(response.body(), limits_.max_message_bytes);
    }

    // ---- failures that end a request, not the client ---------------------------------------

    /// The request out got no answer and is not sent again: it may have run.
    void lose_request(const std::string& reason) {
        disconnect();
        lose(request_.body(), reason);
        done_with_request();
    }

    void lose(const std::string& message, const std::string& reason) {
        if (!input_ended_) handler_->on_lost(message, reason);
    }

    void done_with_request() {
        busy_ = false;
        next_request();
    }

    /// Drops the socket; the next request dials a new one.
    void disconnect() {
        if (!socket_) return;
        boost::system::error_code ignored;
        boost::beast::get_lowest_layer(*socket_).shutdown(asio::socket_base::shutdown_both, ignored);
        boost::beast::get_lowest_layer(*socket_).close(ignored);
        socket_.reset();
    }

    void end_input() {
        if (input_ended_ || closed_) return;
        input_ended_ = true;
        if (handler_) handler_->on_input_end();
    }

    void finish(const std::string& reason) {
        if (closed_) return;
        closed_ = true;
        disconnect();
        queue_.clear();
        if (auto handler = std::move(handler_)) handler->on_closed(reason);
    }

    std::optional<Socket> socket_;  // empty between a close and the next request
    asio::any_io_executor executor_;
    std::shared_ptr<ConnectionInfo> info_;
    Endpoint endpoint_;
    StreamSettings settings_;
    std::chrono::milliseconds connect_timeout_;
    std::string host_;
    HttpClientOptions options_;
    Limits limits_;
    std::shared_ptr<ConnectionHandler> handler_;
    CookieJar jar_;
    std::deque<std::string> queue_;
    http::request<http::string_body> request_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::response_parser<http::string_body>> parser_;
    bool busy_ = false;  // a request is being dialled, written or answered
    bool input_ended_ = false;
    bool closing_ = false;
    bool closed_ = false;
};

}  // namespace

std::shared_ptr<Connection> make_http_client(asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings,
                                             std::chrono::milliseconds connect_timeout) {
    return std::make_shared<HttpClientConnection<asio::ip::tcp::socket>>(std::move(socket), std::move(info), endpoint,
                                                                         settings, connect_timeout);
}

std::shared_ptr<Connection> make_http_client(TlsStream stream, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings,
                                             std::chrono::milliseconds connect_timeout) {
    return std::make_shared<HttpClientConnection<TlsStream>>(std::move(stream), std::move(info), endpoint, settings,
                                                            connect_timeout);
}

}  // namespace rpcforge::detail
