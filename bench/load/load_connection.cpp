// The load generator's connections: newline-framed streams (TCP, Unix), WebSocket and HTTP/1.1
// (Beast), over one shared piece of bookkeeping that keeps the pipeline full and checks answers.

#include "load_connection.hpp"

#include <boost/beast/http.hpp>

#include <algorithm>
#include <stdexcept>

namespace rpcforge::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;

Target parse_target(const std::string& uri) {
    Target target;
    auto after_scheme = uri.find("://");
    if (after_scheme == std::string::npos) throw std::invalid_argument("not a URI: " + uri);
    std::string scheme = uri.substr(0, after_scheme);
    std::string rest = uri.substr(after_scheme + 3);
    if (scheme == "unix") {
        target.kind = Target::Kind::unix_socket;
        target.path = rest.substr(0, rest.find('?'));
        return target;
    }
    if (scheme == "tcp")
        target.kind = Target::Kind::tcp;
    else if (scheme == "ws")
        target.kind = Target::Kind::websocket;
    else if (scheme == "http")
        target.kind = Target::Kind::http;
    else
        throw std::invalid_argument("scheme must be tcp, unix, ws or http: " + uri);
    auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    target.path = slash == std::string::npos ? "/" : rest.substr(slash);
    auto colon = authority.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("no port in " + uri);
    target.host = authority.substr(0, colon);
    target.port = authority.substr(colon + 1);
    return target;
}

LoadConnection::LoadConnection(asio::io_context& io, const Target& target, const Workload& workload,
                               std::size_t depth, std::uint64_t first_id, Window window, Tally& tally)
    : io_(io), target_(target), workload_(workload), depth_(depth), next_id_(first_id), window_(window),
      tally_(tally) {
    in_flight_.reserve(depth);
}

void LoadConnection::start() {
    connect();
    for (std::size_t i = 0; i < depth_; ++i) queue_next();
    write_pending();
    read_more();
}

void LoadConnection::pair(LoadConnection& first, LoadConnection& second) {
    first.partner_ = &second;
    second.partner_ = &first;
}

void LoadConnection::queue_next() {
    if (Clock::now() >= window_.end) return;
    std::string message;
    workload_.append_message(message, next_id_);
    in_flight_.push_back({next_id_, Clock::now()});
    next_id_ += workload_.calls_per_message();
    pending_.push_back(std::move(message));
}

void LoadConnection::on_answer(std::string_view answer) {
    auto now = Clock::now();
    auto checked = workload_.check(answer);
    auto sent = std::find_if(in_flight_.begin(), in_flight_.end(), [&](const InFlight& f) { return f.id == checked.id; });
    if (checked.calls == 0 || sent == in_flight_.end()) {
        ++tally_.errors;
        return;
    }
    tally_.answered += checked.calls;
    if (sent->sent >= window_.start && now <= window_.end) {
        tally_.calls += checked.calls;
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - sent->sent).count();
        tally_.latencies_us.push_back(static_cast<std::uint32_t>(micros));
    }
    in_flight_.erase(sent);
    if (partner_ == nullptr) return queue_next();
    // The caller writes this connection's pending messages after each answer, not the partner's.
    partner_->queue_next();
    partner_->write_pending();
}

void LoadConnection::on_failure(const boost::system::error_code& error) {
    // Closing at the end of the window is not a failure; anything before it is.
    if (Clock::now() < window_.end && error != asio::error::operation_aborted) ++tally_.errors;
}

namespace {

/// Newline-framed JSON over a TCP or Unix stream socket.
template <class Socket>
class StreamLoadConnection final : public LoadConnection {
public:
    using LoadConnection::LoadConnection;

private:
    void connect() override {
        if constexpr (std::is_same_v<Socket, asio::ip::tcp::socket>) {
            asio::ip::tcp::resolver resolver(io_);
            asio::connect(socket_, resolver.resolve(target_.host, target_.port));
            socket_.set_option(asio::ip::tcp::no_delay(true));
        } else {
            socket_.connect(asio::local::stream_protocol::endpoint(target_.path));
        }
    }

    void write_pending() override {
        if (writing_ || pending_.empty()) return;
        writing_ = true;
        outgoing_.clear();
        for (auto& message : pending_) (outgoing_ += message) += '\n';
        pending_.clear();
        asio::async_write(socket_, asio::buffer(outgoing_),
                          [self = shared_from_this(), this](const boost::system::error_code& error, std::size_t) {
                              writing_ = false;
                              if (error) return on_failure(error);
                              write_pending();
                          });
    }

    void read_more() override {
        auto old_size = incoming_.size();
        incoming_.resize(old_size + 65536);
        socket_.async_read_some(asio::buffer(incoming_.data() + old_size, 65536),
                                [self = shared_from_this(), this, old_size](const boost::system::error_code& error,
                                                                            std::size_t count) {
                                    incoming_.resize(old_size + count);
                                    if (error) return on_failure(error);
                                    answer_complete_lines();
                                    write_pending();
                                    read_more();
                                });
    }

    void answer_complete_lines() {
        std::size_t start = 0;
        for (std::size_t end; (end = incoming_.find('\n', start)) != std::string::npos; start = end + 1)
            on_answer(std::string_view(incoming_).substr(start, end - start));
        incoming_.erase(0, start);
    }

    Socket socket_{io_};
    std::string outgoing_;
    std::string incoming_;
};

/// One JSON-RPC message per WebSocket text frame.
class WebSocketLoadConnection final : public LoadConnection {
public:
    using LoadConnection::LoadConnection;

private:
    void connect() override {
        asio::ip::tcp::resolver resolver(io_);
        asio::connect(socket_.next_layer(), resolver.resolve(target_.host, target_.port));
        socket_.next_layer().set_option(asio::ip::tcp::no_delay(true));
        socket_.text(true);
        socket_.read_message_max(64 << 20);
        socket_.handshake(target_.host + ":" + target_.port, target_.path);
    }

    void write_pending() override {
        if (writing_ || pending_.empty()) return;
        writing_ = true;
        outgoing_ = std::move(pending_.front());
        pending_.erase(pending_.begin());
        socket_.async_write(asio::buffer(outgoing_),
                            [self = shared_from_this(), this](const boost::system::error_code& error, std::size_t) {
                                writing_ = false;
                                if (error) return on_failure(error);
                                write_pending();
                            });
    }

    void read_more() override {
        socket_.async_read(incoming_, [self = shared_from_this(), this](const boost::system::error_code& error,
                                                                         std::size_t) {
            if (error) return on_failure(error);
            auto data = incoming_.cdata();
            on_answer(std::string_view(static_cast<const char*>(data.data()), data.size()));
            incoming_.consume(incoming_.size());
            write_pending();
            read_more();
        });
    }

    beast::websocket::stream<asio::ip::tcp::socket> socket_{io_};
    std::string outgoing_;
    beast::flat_buffer incoming_;
};

/// One JSON-RPC message per HTTP/1.1 POST, on a kept-alive connection; messages in flight beyond
/// one wait for the answer before (HTTP/1.1 answers in order, and wrk does not pipeline either).
class HttpLoadConnection final : public LoadConnection {
public:
    using LoadConnection::LoadConnection;

private:
    void connect() override {
        asio::ip::tcp::resolver resolver(io_);
        asio::connect(socket_, resolver.resolve(target_.host, target_.port));
        socket_.set_option(asio::ip::tcp::no_delay(true));
    }

    void write_pending() override {
        if (writing_ || pending_.empty()) return;
        writing_ = true;
        request_ = {beast::http::verb::post, target_.path, 11};
        request_.set(beast::http::field::host, target_.host + ":" + target_.port);
        request_.set(beast::http::field::content_type, "application/json");
        request_.body() = std::move(pending_.front());
        request_.prepare_payload();
        pending_.erase(pending_.begin());
        auto written = [self = shared_from_this(), this](const boost::system::error_code& error, std::size_t) {
            if (error) return on_failure(error);
            read_answer();
        };
        beast::http::async_write(socket_, request_, std::move(written));
    }

    void read_more() override {}  // an answer is read after each request is written

    void read_answer() {
        response_ = {};
        auto answered = [self = shared_from_this(), this](const boost::system::error_code& error, std::size_t) {
            writing_ = false;
            if (error) return on_failure(error);
            on_answer(response_.body());
            write_pending();
        };
        beast::http::async_read(socket_, buffer_, response_, std::move(answered));
    }

    asio::ip::tcp::socket socket_{io_};
    beast::http::request<beast::http::string_body> request_;
    beast::http::response<beast::http::string_body> response_;
    beast::flat_buffer buffer_;
};

}  // namespace

std::shared_ptr<LoadConnection> make_connection(asio::io_context& io, const Target& target, const Workload& workload,
                                                std::size_t depth, std::uint64_t first_id, Window window,
                                                Tally& tally) {
    switch (target.kind) {
    case Target::Kind::tcp:
        return std::make_shared<StreamLoadConnection<asio::ip::tcp::socket>>(io, target, workload, depth, first_id,
                                                                              window, tally);
    case Target::Kind::unix_socket:
        return std::make_shared<StreamLoadConnection<asio::local::stream_protocol::socket>>(
            io, target, workload, depth, first_id, window, tally);
    case Target::Kind::websocket:
        return std::make_shared<WebSocketLoadConnection>(io, target, workload, depth, first_id, window, tally);
    case Target::Kind::http:
        return std::make_shared<HttpLoadConnection>(io, target, workload, depth, first_id, window, tally);
    }
    throw std::logic_error("unknown target kind");
}

}  // namespace rpcforge::bench
