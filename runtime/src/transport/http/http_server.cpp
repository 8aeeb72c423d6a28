// The server side of HTTP/1.1: reads requests (pipelined ones too), hands JSON-RPC bodies to
// the peer as messages, answers everything else itself, and writes the responses in request
// order. Every member function body runs on the socket's strand.

#include "auth/connection_gate.hpp"
#include "transport/http/gzip.hpp"
#include "transport/http/http_connections.hpp"
#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/http/http_site.hpp"
#include "transport/http/request_parser.hpp"
#include "transport/stream/reading_scope.hpp"
#include "transport/stream/timeouts.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>

#include <array>
#include <deque>
#include <optional>
#include <vector>

namespace rpcforge::detail {
namespace {

namespace asio = boost::asio;

constexpr std::size_t max_header_bytes = 16 * 1024;
constexpr std::size_t read_chunk_bytes = 16 * 1024;

/// One request, from the moment it is read until its response is written.
struct Slot {
    ResponseShape shape;
    /// Set while the peer's answer is awaited.
    std::shared_ptr<MessageContext> context;
    std::string jsonp_callback;
    std::optional<WireResponse> response;  // set once ready to write
};

template <class Socket>
class HttpServerConnection final : public Connection,
                                   public std::enable_shared_from_this<HttpServerConnection<Socket>> {
public:
    HttpServerConnection(Socket socket, std::shared_ptr<ConnectionInfo> info, const Endpoint& endpoint,
                         const StreamSettings& settings)
        : socket_(std::move(socket)),
          executor_(socket_.get_executor()),
          timer_(executor_),
          info_(std::move(info)),
          rpc_path_(endpoint.path),
          site_(settings.http_site ? settings.http_site : std::make_shared<HttpSite>()),
          limits_(settings.limits),
          authentication_(settings.authentication),
          deadlines_(settings.timeouts) {}

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
        if (ReadingScope::inside(this)) return answer(std::move(message));
        asio::post(executor_, [self = this->shared_from_this(), message = std::move(message)]() mutable {
            self->answer(std::move(message));
        });
    }

    void skip_answer() override {
        deadlines_.answer_posted();
        if (ReadingScope::inside(this)) return answer(std::nullopt);
        asio::post(executor_, [self = this->shared_from_this()] { self->answer(std::nullopt); });
    }

    void close() override {
        asio::post(executor_, [self = this->shared_from_this()] {
            self->closing_ = true;
            self->end_input();
            if (self->slots_.empty() && !self->writing_) self->finish({});
        });
    }

    void abort() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->finish({}); });
    }

    void stop_reading() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->end_input(); });
    }

    void resume_reading() override {
        asio::post(executor_, [self = this->shared_from_this()] { self->maybe_read(); });
    }

    std::shared_ptr<const ConnectionInfo> info() const override { return info_; }
    asio::any_io_executor executor() const override { return executor_; }
    bool answers_only() const override { return true; }

private:
    // ---- reading ---------------------------------------------------------------------------

    /// Reads unless a read is under way, input is over, or input must wait: too many requests
    /// wait for their answers (pipelining is bounded like any other queue), or the handler holds
    /// back. Requests already buffered (pipelined) are parsed before the socket is read again.
    void maybe_read() {
        if (reading_ || input_ended_ || closed_ || !handler_) return;
        if (slots_.size() >= limits_.max_queued_messages || !handler_->accepts_input()) {
            held_back_ = true;
            return;
        }
        // Time spent held back is this side's doing, not a slow sender's.
        if (std::exchange(held_back_, false)) deadlines_.resumed();
        if (buffer_.size() > 0 && !needs_more_bytes_) return parse_buffered();
        reading_ = true;
        // The bytes are read here and parsed below, rather than by beast's async_read, so that
        // the deadlines see a request begin with its first bytes (slow senders, read_timeout).
        socket_.async_read_some(buffer_.prepare(read_chunk_bytes),
                                [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                    self->buffer_.commit(n);
                                    self->on_read(ec);
                                });
    }

    void on_read(boost::system::error_code ec) {
        reading_ = false;
        needs_more_bytes_ = false;
        if (closed_ || input_ended_) return;
        // The client is done; a request it cut off is dropped: it was never whole.
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) return end_input();
        if (ec) return finish(ec.message());
        parse_buffered();
    }

    /// Hands over every whole request buffered, while input may go on, and keeps the start of
    /// the next one.
    void parse_buffered() {
        while (!closed_ && !input_ended_ && buffer_.size() > 0 && slots_.size() < limits_.max_queued_messages &&
               handler_ && handler_->accepts_input()) {
            if (!parser_) {
                parser_.emplace(max_header_bytes, limits_.max_message_bytes);
                parser_->eager(true);  // the body with the header, when both are here
            }
            boost::beast::error_code ec;
            std::size_t used = parser_->put(buffer_.data(), ec);
            buffer_.consume(used);
            if (ec == boost::beast::http::error::need_more || (!ec && !parser_->is_done() && used == 0)) {
                needs_more_bytes_ = true;
                break;
            }
            if (ec) return refuse_unreadable(ec);
            if (!parser_->is_done()) continue;  // a body in parts
            ReadingScope scope(this);
            auto request = parser_->release();
            parser_.reset();
            handle(request);
        }
        bool begun = deadlines_.received(buffer_.size() > 0 || (parser_ && parser_->got_some()));
        if (begun && deadlines_.has_read_deadline() && deadlines_.read_due() < timer_due_) arm_timer(deadlines_.read_due());
        maybe_read();
    }

    void refuse_unreadable(const boost::beast::error_code& ec) {
        namespace http_error = boost::beast::http;
        if (ec == http_error::error::body_limit)
            return refuse(413, "the body exceeds the limit of " + std::to_string(limits_.max_message_bytes) + " bytes");
        if (ec == http_error::error::header_limit) return refuse(431, "the request headers are too large");
        refuse(400, "malformed HTTP request: " + ec.message());
    }

    /// Closes the connection whose deadline has passed (ServerOptions::idle_timeout,
    /// read_timeout), else waits for the nearest one.
    void check_deadlines() {
        if (closed_ || input_ended_) return;
        std::chrono::steady_clock::time_point next;
        auto why = deadlines_.check(reading_, writing_ || !slots_.empty(), next);
        if (!why.empty()) return finish(why);
        arm_timer(next);
    }

    void arm_timer(std::chrono::steady_clock::time_point due) {
        timer_due_ = due;
        timer_.expires_at(due);  // cancels the wait under way, whose handler then does nothing
        timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
            if (!ec) self->check_deadlines();
        });
    }

    /// Answers a request that cannot be read whole, then closes: the stream cannot be trusted
    /// to be at a request boundary any more.
    void refuse(unsigned status, const std::string& why) {
        input_ended_ = true;
        drain_before_close_ = true;
        Slot slot;
        slot.shape.keep_alive = false;
        push_ready(std::move(slot), plain_response(status, why + "\n"));
    }

    void end_input() {
        if (input_ended_ || closed_) return;
        input_ended_ = true;
        if (handler_) handler_->on_input_end();
    }

    // ---- routing ---------------------------------------------------------------------------

    void handle(ParsedRequest& request) {
        Slot slot;
        slot.shape = shape_of(request, site_->options);
        if (!request.keep_alive) input_ended_ = true;  // this is the last request read
        if (slot.shape.origin_refused) return push_ready(std::move(slot), plain_response(403, "origin not allowed\n"));
        if (request.verb == boost::beast::http::verb::options && !slot.shape.cors_origin.empty())
            return push_ready(std::move(slot), preflight_response(site_->options));

        auto target = std::string_view(request.info.target);
        auto path = target.substr(0, target.find('?'));
        auto query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view();
        if (path == rpc_path_) return rpc(std::move(slot), request, nullptr);
        if (auto service = site_->services.find(path); service != site_->services.end())
            return rpc(std::move(slot), request, service->second);
        if (site_->options.jsonp && request.verb == boost::beast::http::verb::get)
            if (auto found = jsonp_target(path)) return jsonp(std::move(slot), request, *found, query);
        if (const auto* route = site_->route_for(path))
            return push_ready(std::move(slot), run_route(route->second, route->first, request, path, query,
                                                         info_->remote_address));
        push_ready(std::move(slot), plain_response(404, "not found\n"));
    }

    /// Each request proves who sent it. One refused is answered here, before its body is looked
    /// at, and false is returned; `identity` is who it is otherwise (null: anonymous).
    bool authenticated(Slot& slot, const HttpRequestInfo& request, std::shared_ptr<const Identity>& identity) {
        if (!authentication_) return true;
        auto result = authentication_->authenticate(Credentials{*info_, &request});
        if (!result.refused) {
            identity = std::move(result.identity);
            return true;
        }
        unsigned status = 401;
        Headers challenges;
        add_challenges(authentication_.get(), status, challenges);
        auto response = plain_response(status, result.reason + "\n");
        for (const auto& [name, value] : challenges.fields()) response.insert(name, value);
        push_ready(std::move(slot), std::move(response));
        return false;
    }

    /// Takes the request's body and HttpRequestInfo.
    void rpc(Slot slot, ParsedRequest& request, const Dispatcher* dispatcher) {
        std::shared_ptr<const Identity> identity;
        if (!authenticated(slot, request.info, identity)) return;
        auto body = rpc_body(request, site_->options, limits_.max_message_bytes);
        if (auto* refusal = std::get_if<HttpResponseMessage>(&body)) return push_ready(std::move(slot), std::move(*refusal));
        auto context = std::make_shared<MessageContext>();
        context->connection = info_;
        context->http = std::make_shared<HttpRequestInfo>(std::move(request.info));
        context->has_response_headers = true;
        context->dispatcher = dispatcher;
        context->identity = std::move(identity);
        auto& message = std::get<RpcBody>(body);
        context->serialization = message.serialization;
        deliver(std::move(slot), std::move(message.bytes), std::move(context));
    }

    /// The method a JSONP GET names: the rest of the path after an RPC path and a '/'.
    std::optional<std::pair<std::string_view, const Dispatcher*>> jsonp_target(std::string_view path) const {
        auto under = [&](std::string_view base) -> std::optional<std::string_view> {
            auto prefix = std::string(base) + (base.ends_with('/') ? "" : "/");
            if (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix) return path.substr(prefix.size());
            return std::nullopt;
        };
        if (auto method = under(rpc_path_)) return std::pair{*method, nullptr};
        for (const auto& [base, dispatcher] : site_->services)
            if (auto method = under(base)) return std::pair{*method, dispatcher};
        return std::nullopt;
    }

    void jsonp(Slot slot, const ParsedRequest& request, std::pair<std::string_view, const Dispatcher*> target,
               std::string_view query) {
        std::shared_ptr<const Identity> identity;
        if (!authenticated(slot, request.info, identity)) return;
        auto call = jsonp_call(target.first, query);
        if (!call) return push_ready(std::move(slot), plain_response(400, "bad JSONP call (need jsonp=CALLBACK)\n"));
        auto context = std::make_shared<MessageContext>();
        context->connection = info_;
        context->http = std::make_shared<HttpRequestInfo>(request.info);
        context->has_response_headers = true;
        context->dispatcher = target.second;
        context->identity = std::move(identity);
        slot.jsonp_callback = call->callback;
        deliver(std::move(slot), to_wire(call->request), std::move(context));
    }

    void deliver(Slot slot, std::string message, std::shared_ptr<MessageContext> context) {
        slot.context = context;
        slots_.push_back(std::move(slot));
        handler_->on_message(std::move(message), std::move(context));
    }

    // ---- answering -------------------------------------------------------------------------

    /// The peer answers messages in the order they came, so this answer is the oldest
    /// request still waiting for one.
    void answer(std::optional<std::string> message) {
        deadlines_.answered();
        for (auto& slot : slots_) {
            if (slot.response || !slot.context) continue;
            // A single call refused for want of an identity or a role (Dispatcher::require_roles).
            if (slot.context->http_status != 0)
                add_challenges(authentication_.get(), slot.context->http_status, slot.context->response_headers);
            slot.response = rpc_wire_response(slot.shape, *slot.context, std::move(message), slot.jsonp_callback,
                                              site_->options);
            slot.context.reset();
            break;
        }
        write_ready();
    }

    void push_ready(Slot slot, HttpResponseMessage response) {
        finish_response(response, slot.shape, site_->options);
        slot.response = wire_of(std::move(response));
        slots_.push_back(std::move(slot));
        write_ready();
    }

    /// Writes every response that is ready at the front, in order, in one gathered write:
    /// pipelined answers finished together leave in one system call. Responses are kept as
    /// their wire text (WireResponse), not given to beast's serializer, whose buffer sequences
    /// cost more than the rest of the response (a third of the HTTP layer's instructions per
    /// call in the profile).
    void write_ready() {
        if (writing_ || closed_ || slots_.empty() || !slots_.front().response) return;
        writing_ = true;
        buffers_.clear();
        written_slots_ = 0;
        for (auto& slot : slots_) {
            if (!slot.response) break;
            buffers_.emplace_back(asio::buffer(slot.response->head));
            if (!slot.response->body.empty()) buffers_.emplace_back(asio::buffer(slot.response->body));
            ++written_slots_;
            if (!slot.shape.keep_alive) break;  // the last response on this connection
        }
        asio::async_write(socket_, buffers_, [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
            self->on_write(ec);
        });
    }

    void on_write(boost::system::error_code ec) {
        writing_ = false;
        if (closed_) return;
        if (ec) return finish(ec.message());
        bool keep_alive = true;
        for (; written_slots_ > 0; --written_slots_) {
            keep_alive = slots_.front().shape.keep_alive;
            slots_.pop_front();
        }
        if (!keep_alive && drain_before_close_) return drain_then_finish();
        if (!keep_alive || (closing_ && slots_.empty())) return finish({});
        write_ready();
        maybe_read();
    }

    /// Closing with unread bytes from the client makes TCP reset the connection, which can
    /// destroy the refusal just written before the client reads it. So the sending side is
    /// shut, and what the client still sends is read and dropped, for a bounded time and size.
    void drain_then_finish() {
        boost::system::error_code ignored;
        socket_.lowest_layer().shutdown(asio::socket_base::shutdown_send, ignored);
        timer_.expires_after(std::chrono::seconds(2));
        timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
            if (!ec) self->finish({});
        });
        drain(limits_.max_message_bytes);
    }

    void drain(std::size_t budget) {
        auto buffer = std::make_shared<std::array<char, 16 * 1024>>();
        boost::beast::get_lowest_layer(socket_).async_read_some(
            asio::buffer(*buffer), [self = this->shared_from_this(), buffer, budget](boost::system::error_code ec,
                                                                                  std::size_t n) {
                if (ec || n >= budget || self->closed_) return self->finish({});
                self->drain(budget - n);
            });
    }

    void finish(const std::string& reason) {
        if (closed_) return;
        closed_ = true;
        timer_.cancel();
        boost::system::error_code ignored;
        socket_.lowest_layer().shutdown(asio::socket_base::shutdown_both, ignored);
        socket_.lowest_layer().close(ignored);
        slots_.clear();
        if (auto handler = std::move(handler_)) handler->on_closed(reason);
    }

    Socket socket_;
    asio::any_io_executor executor_;
    asio::steady_timer timer_;
    std::shared_ptr<ConnectionInfo> info_;
    std::string rpc_path_;
    std::shared_ptr<const HttpSite> site_;
    Limits limits_;
    std::shared_ptr<const Authentication> authentication_;
    std::shared_ptr<ConnectionHandler> handler_;
    boost::beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;
    std::deque<Slot> slots_;
    // The write under way: the first written_slots_ slots, and their buffers.
    std::vector<asio::const_buffer> buffers_;
    std::size_t written_slots_ = 0;
    bool reading_ = false;
    bool writing_ = false;
    bool input_ended_ = false;
    bool closing_ = false;
    bool closed_ = false;
    bool drain_before_close_ = false;  // the last request was refused before it was read whole
    bool held_back_ = false;
    bool needs_more_bytes_ = false;  // what is buffered is the start of a request, not all of it
    DeadlineClock deadlines_;
    std::chrono::steady_clock::time_point timer_due_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace

std::shared_ptr<Connection> make_http_server(asio::ip::tcp::socket socket, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings) {
    return std::make_shared<HttpServerConnection<asio::ip::tcp::socket>>(std::move(socket), std::move(info), endpoint,
                                                                         settings);
}

std::shared_ptr<Connection> make_http_server(TlsStream stream, std::shared_ptr<ConnectionInfo> info,
                                             const Endpoint& endpoint, const StreamSettings& settings) {
    return std::make_shared<HttpServerConnection<TlsStream>>(std::move(stream), std::move(info), endpoint, settings);
}

}  // namespace rpcforge::detail
