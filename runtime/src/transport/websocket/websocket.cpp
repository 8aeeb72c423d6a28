// JSON-RPC over WebSocket: one message (or batch) per frame, both ways, so either side may
// call the other. JSON goes in text frames; CBOR and MessagePack, chosen by subprotocol at the
// handshake, in binary frames. Every member function body runs on the socket's strand.

#include "transport/websocket/websocket.hpp"

#include "auth/connection_gate.hpp"
#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/stream/framer.hpp"
#include "transport/stream/reading_scope.hpp"
#include "transport/stream/timeouts.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>

namespace rpcforge::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class Socket>
class WebSocketConnection final : public Connection, public std::enable_shared_from_this<WebSocketConnection<Socket>> {
public:
    WebSocketConnection(websocket::stream<Socket> ws, std::shared_ptr<ConnectionInfo> info,
                        std::shared_ptr<const HttpRequestInfo> upgrade, const Limits& limits,
                        Serialization serialization, StreamTimeouts timeouts = {})
        : ws_(std::move(ws)), executor_(ws_.get_executor()), info_(std::move(info)), upgrade_(std::move(upgrade)),
          limits_(limits), serialization_(serialization), deadlines_(timeouts), timer_(executor_) {
        ws_.read_message_max(limits_.max_message_bytes);
        ws_.text(serialization_ == Serialization::json);
    }

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        asio::dispatch(executor_, [self = this->shared_from_this(), handler = std::move(handler)] {
            self->handler_ = handler;
            self->deadlines_.started();
            if (self->deadlines_.enabled()) self->check_deadlines();
            self->maybe_read();
        });
    }

    void send(std::string message) override {
        deadlines_.answer_posted();
        if (ReadingScope::inside(this)) return take(std::move(message));  // written when the read is handled
        asio::post(executor_, [self = this->shared_from_this(), message = std::move(message)]() mutable {
            self->take(std::move(message));
            self->write_next();
        });
    }

    /// Queues an outgoing message for the next write.
    void take(std::string message) {
        deadlines_.answered();
        if (closed_ || closing_) return;
        queued_bytes_ += message.size();
        queue_.push_back(std::move(message));
    }

    void close() override {
        asio::post(executor_, [self = this->shared_from_this()] {
            self->closing_ = true;
            if (!self->writing_) self->say_goodbye();
        });
    }

    void abort() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->finish({}); });
    }

    void stop_reading() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->end_input(); });
    }

    void skip_answer() override {
        deadlines_.answer_posted();
        if (ReadingScope::inside(this)) return deadlines_.answered();
        asio::post(executor_, [self = this->shared_from_this()] { self->deadlines_.answered(); });
    }

    void resume_reading() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->maybe_read(); });
    }

    std::shared_ptr<const ConnectionInfo> info() const override { return info_; }
    Serialization serialization() const override { return serialization_; }
    asio::any_io_executor executor() const override { return executor_; }

private:
    void maybe_read() {
        if (reading_ || input_ended_ || closed_ || !handler_) return;
        if (queued_bytes_ > limits_.max_queued_write_bytes || !handler_->accepts_input()) {
            held_back_ = true;
            return;
        }
        if (std::exchange(held_back_, false)) deadlines_.resumed();
        reading_ = true;
        // Part by part, so that a message begun and dribbling in meets its read deadline.
        ws_.async_read_some(buffer_, 16 * 1024, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_read(ec);
        });
    }

    void on_read(beast::error_code ec) {
        reading_ = false;
        if (closed_ || input_ended_) return;
        // The other side said goodbye (or just went): what it sent whole is still answered.
        if (ec == websocket::error::closed || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
            return end_input();
        if (ec == websocket::error::message_too_big) {
            handler_->on_frame_error(oversized_frame(limits_.max_message_bytes), true);
            return;
        }
        if (ec) return finish(ec.message());
        bool begun = deadlines_.received(!ws_.is_message_done());
        if (begun && deadlines_.has_read_deadline() && deadlines_.read_due() < timer_due_) arm_timer(deadlines_.read_due());
        if (!ws_.is_message_done()) return maybe_read();
        std::string message = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        auto context = std::make_shared<MessageContext>();
        context->connection = info_;
        context->http = upgrade_;
        context->serialization = serialization_;
        {
            ReadingScope scope(this);
            handler_->on_message(std::move(message), std::move(context));
        }
        write_next();
        maybe_read();
    }

    void end_input() {
        if (input_ended_ || closed_) return;
        input_ended_ = true;
        if (handler_) handler_->on_input_end();
    }

    void write_next() {
        if (writing_ || closed_ || queue_.empty()) return;
        writing_ = true;
        writing_message_ = std::move(queue_.front());
        queue_.pop_front();
        ws_.async_write(asio::buffer(writing_message_),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
    }

    void on_write(beast::error_code ec) {
        writing_ = false;
        queued_bytes_ -= writing_message_.size();
        writing_message_.clear();
        if (closed_) return;
        if (ec) return finish(ec.message());
        if (!queue_.empty()) return write_next();
        if (closing_) return say_goodbye();
        maybe_read();
    }

    /// A close frame, then the end: the other side learns this was on purpose.
    void say_goodbye() {
        if (closed_ || goodbye_sent_) return;
        goodbye_sent_ = true;
        if (!ws_.is_open()) return finish({});
        ws_.async_close(websocket::close_code::normal,
                        [self = this->shared_from_this()](beast::error_code) { self->finish({}); });
    }

    /// Closes the connection whose deadline has passed, else waits for the nearest one.
    void check_deadlines() {
        if (closed_ || input_ended_) return;
        std::chrono::steady_clock::time_point next;
        auto why = deadlines_.check(reading_, writing_ || (handler_ && handler_->busy()), next);
        if (!why.empty()) return finish(why);
        arm_timer(next);
    }

    void arm_timer(std::chrono::steady_clock::time_point due) {
        timer_due_ = due;
        timer_.expires_at(due);  // cancels the wait under way, whose handler then does nothing
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (!ec) self->check_deadlines();
        });
    }

    void finish(const std::string& reason) {
        if (closed_) return;
        closed_ = true;
        timer_.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).shutdown(asio::socket_base::shutdown_both, ignored);
        beast::get_lowest_layer(ws_).close(ignored);
        queue_.clear();
        if (auto handler = std::move(handler_)) handler->on_closed(reason);
    }

    websocket::stream<Socket> ws_;
    asio::any_io_executor executor_;
    std::shared_ptr<ConnectionInfo> info_;
    std::shared_ptr<const HttpRequestInfo> upgrade_;
    Limits limits_;
    Serialization serialization_;
    std::shared_ptr<ConnectionHandler> handler_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    std::string writing_message_;
    std::size_t queued_bytes_ = 0;
    DeadlineClock deadlines_;
    asio::steady_timer timer_;
    std::chrono::steady_clock::time_point timer_due_ = std::chrono::steady_clock::time_point::max();
    bool held_back_ = false;
    bool reading_ = false;
    bool writing_ = false;
    bool input_ended_ = false;
    bool closing_ = false;
    bool goodbye_sent_ = false;
    bool closed_ = false;
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
