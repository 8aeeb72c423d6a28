// JSON-RPC over WebSocket: one message (or batch) per frame, both ways, so either side may
// call the other. JSON goes in text frames; CBOR and MessagePack, chosen by subprotocol at the
// handshake, in binary frames. Every member function body runs on the socket's strand.

#include "transport/websocket/websocket.hpp"

#include "auth/connection_gate.hpp"
#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/stream/framer.hpp"
#include "transport/stream/message_connection.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace rpcforge::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

/// A message connection whose messages are WebSocket messages: what WebSocket does differently;
/// the rest is MessageConnection's.
template <class Socket>
class WebSocketConnection final : public MessageConnection<WebSocketConnection<Socket>> {
    using Core = MessageConnection<WebSocketConnection<Socket>>;
    friend Core;

public:
    WebSocketConnection(websocket::stream<Socket> ws, std::shared_ptr<ConnectionInfo> info,
                        std::shared_ptr<const HttpRequestInfo> upgrade, const Limits& limits,
                        Serialization serialization, StreamTimeouts timeouts = {})
        : Core(ws.get_executor(), info, limits.max_queued_write_bytes, timeouts), ws_(std::move(ws)),
          info_(std::move(info)), upgrade_(std::move(upgrade)), max_message_bytes_(limits.max_message_bytes),
          serialization_(serialization) {
        ws_.read_message_max(max_message_bytes_);
        ws_.text(serialization_ == Serialization::json);
    }

    Serialization serialization() const override { return serialization_; }

private:
    static constexpr bool writes_many = false;  // one message per write: frames are not gathered

    void read_some() {
        // Part by part, so that a message begun and dribbling in meets its read deadline.
        ws_.async_read_some(buffer_, 16 * 1024, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            self->read_done(ec);
        });
    }

    // The other side said goodbye (or just went): what it sent whole is still answered.
    bool ends_input(const beast::error_code& ec) const {
        return ec == websocket::error::closed || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
    }

    bool read_failed(const beast::error_code& ec) {
        if (ec != websocket::error::message_too_big) return false;
        this->deliver_error(oversized_frame(max_message_bytes_), true);
        return true;
    }

    void take_input() {
        if (!ws_.is_message_done()) return;
        std::string message = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        auto context = std::make_shared<MessageContext>();
        context->connection = info_;
        context->http = upgrade_;
        context->serialization = serialization_;
        this->deliver(std::move(message), std::move(context));
    }

    bool has_partial_message() const { return !ws_.is_message_done(); }

    std::string wrap(std::string message) { return message; }

    void write(const std::vector<std::string>& messages) {
        ws_.async_write(asio::buffer(messages.front()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->write_done(ec); });
    }

    /// A close frame, then the end: the other side learns this was on purpose.
    void say_goodbye() {
        if (!ws_.is_open()) return this->finish({});
        ws_.async_close(websocket::close_code::normal,
                        [self = this->shared_from_this()](beast::error_code) { self->finish({}); });
    }

    void shut() {
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).shutdown(asio::socket_base::shutdown_both, ignored);
        beast::get_lowest_layer(ws_).close(ignored);
    }

    websocket::stream<Socket> ws_;
    std::shared_ptr<ConnectionInfo> info_;
    std::shared_ptr<const HttpRequestInfo> upgrade_;
    std::size_t max_message_bytes_;
    Serialization serialization_;
    beast::flat_buffer buffer_;
};

/// Reads the upgrade request (kept for the call context), refuses other paths with 404 and
/// plain HTTP with 426, accepts the rest. Bounded by the handshake timeout.
template <class Socket>
class WebSocketAcceptor final : public std::enable_shared_from_this<WebSocketAcceptor<Socket>> {
public:
    WebSocketAcceptor(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                      const StreamSettings& settings, std::function<void(std::shared_ptr<Connection>)> on_ready)
        : ws_(std::move(socket)), timer_(ws_.get_executor()), info_(std::move(info)), path_(endpoint.path),
          settings_(settings), on_ready_(std::move(on_ready)) {}

    void start() {
        timer_.expires_after(settings_.handshake_timeout);
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (!ec && !self->done_) self->give_up();
        });
        parser_.header_limit(16 * 1024);
        parser_.body_limit(0);
        beast::http::async_read(ws_.next_layer(), buffer_, parser_,
                                [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->on_upgrade_request(ec);
                                });
    }

private:
    void on_upgrade_request(beast::error_code ec) {
        if (ec) return give_up();
        auto request = parser_.release();
        auto target = std::string_view(request.target());
        if (target.substr(0, target.find('?')) != path_) return refuse(404, "not found\n");
        if (!websocket::is_upgrade(request)) return refuse(426, "this path speaks WebSocket\n");
        upgrade_ = std::make_shared<HttpRequestInfo>(request_info(request));
        // The upgrade is the one HTTP request of the connection: it proves who the connection is.
        if (const auto& authentication = settings_.authentication) {
            auto result = authentication->authenticate(Credentials{*info_, upgrade_.get()});
            if (result.refused) return refuse_unauthenticated(result.reason);
            info_->identity = std::move(result.identity);
        }
        // The first subprotocol offered that names a serialisation; none known (or none
        // offered) is JSON without a subprotocol, and a client that insists then gives up.
        auto chosen = first_known_subprotocol(request[beast::http::field::sec_websocket_protocol]);
        ws_.set_option(websocket::stream_base::decorator([chosen](websocket::response_type& response) {
            response.set(beast::http::field::server, "rpcforge");
            if (chosen) response.set(beast::http::field::sec_websocket_protocol, subprotocol_of(*chosen));
        }));
        ws_.async_accept(request, [self = this->shared_from_this(), chosen](beast::error_code ec) {
            self->done_ = true;
            self->timer_.cancel();
            if (ec) return;
            self->on_ready_(std::make_shared<WebSocketConnection<Socket>>(
                std::move(self->ws_), self->info_, self->upgrade_, self->settings_.limits,
                chosen.value_or(Serialization::json), self->settings_.timeouts));
        });
    }

    void refuse_unauthenticated(const std::string& reason) {
        unsigned status = 401;
        Headers challenges;
        add_challenges(settings_.authentication.get(), status, challenges);
        refuse(status, reason + "\n", challenges);
    }

    void refuse(unsigned status, std::string text, const Headers& headers = {}) {
        response_ = plain_response(status, std::move(text));
        for (const auto& [name, value] : headers.fields()) response_.insert(name, value);
        response_.keep_alive(false);
        response_.prepare_payload();
        beast::http::async_write(ws_.next_layer(), response_,
                                 [self = this->shared_from_this()](beast::error_code, std::size_t) { self->give_up(); });
    }

    void give_up() {
        done_ = true;
        timer_.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).shutdown(asio::socket_base::shutdown_both, ignored);
        beast::get_lowest_layer(ws_).close(ignored);
    }

    websocket::stream<Socket> ws_;
    asio::steady_timer timer_;
    std::shared_ptr<ConnectionInfo> info_;
    std::string path_;
    StreamSettings settings_;
    std::function<void(std::shared_ptr<Connection>)> on_ready_;
    beast::flat_buffer buffer_;
    beast::http::request_parser<beast::http::string_body> parser_;
    std::shared_ptr<HttpRequestInfo> upgrade_;
    HttpResponseMessage response_;
    bool done_ = false;
};

/// The upgrade request's own headers: the options' headers, and the subprotocol of a
/// serialisation other than JSON (JSON offers none, as clients that predate subprotocols).
void decorate_upgrade(websocket::request_type& request, const HttpClientOptions& options) {
    request.set(beast::http::field::user_agent, "rpcforge");
    for (const auto& [name, value] : options.headers.fields()) request.set(name, value);
    if (options.serialization != Serialization::json)
        request.set(beast::http::field::sec_websocket_protocol, subprotocol_of(options.serialization));
}

template <class Socket>
std::shared_ptr<Connection> client_over(asio::io_context& io, Socket socket, std::shared_ptr<ConnectionInfo> info,
                                        const Endpoint& endpoint, const StreamSettings& settings,
                                        std::chrono::milliseconds timeout) {
    websocket::stream<Socket> ws(std::move(socket));
    ws.set_option(websocket::stream_base::decorator(
        [&settings](websocket::request_type& request) { decorate_upgrade(request, settings.http_client); }));
    bool ipv6 = endpoint.host.find(':') != std::string::npos;
    auto host = (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
    beast::error_code result;
    bool done = false;
    websocket::response_type response;
    ws.async_handshake(response, host, endpoint.path, [&](beast::error_code ec) {
        result = ec;
        done = true;
    });
    if (!run_until(io, done, timeout)) {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).close(ignored);
        run_until(io, done, timeout);
        connect_failed(endpoint, "WebSocket handshake timed out");
    }
    if (result) connect_failed(endpoint, "WebSocket handshake failed: " + result.message());
    auto serialization = settings.http_client.serialization;
    if (serialization != Serialization::json &&
        response[beast::http::field::sec_websocket_protocol] != subprotocol_of(serialization))
        connect_failed(endpoint, "the server did not accept the WebSocket subprotocol " +
                                     std::string(subprotocol_of(serialization)));
    return std::make_shared<WebSocketConnection<Socket>>(std::move(ws), std::move(info), nullptr, settings.limits,
                                                         serialization);
}

}  // namespace

void accept_websocket(asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                      const StreamSettings& settings, AcceptHandler on_accept) {
    std::make_shared<WebSocketAcceptor<asio::ip::tcp::socket>>(std::move(socket), std::move(info), endpoint, settings,
                                                                 std::move(on_accept))
        ->start();
}

void accept_websocket(TlsStream stream, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                      const StreamSettings& settings, AcceptHandler on_accept) {
    std::make_shared<WebSocketAcceptor<TlsStream>>(std::move(stream), std::move(info), endpoint, settings,
                                                    std::move(on_accept))
        ->start();
}

std::shared_ptr<Connection> connect_websocket(asio::io_context& io, asio::ip::tcp::socket socket,
                                              std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                              const StreamSettings& settings, std::chrono::milliseconds timeout) {
    return client_over(io, std::move(socket), std::move(info), endpoint, settings, timeout);
}

std::shared_ptr<Connection> connect_websocket(asio::io_context& io, TlsStream stream,
                                              std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                                              const StreamSettings& settings, std::chrono::milliseconds timeout) {
    return client_over(io, std::move(stream), std::move(info), endpoint, settings, timeout);
}

}  // namespace rpcforge::detail
