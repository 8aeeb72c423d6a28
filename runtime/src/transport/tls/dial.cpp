#include "transport/tls/dial.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>

namespace rpcforge::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

/// One dial: resolve, connect, and for TLS the handshake, under one timer. Every step runs on
/// the executor given, so the timer and the steps never race.
template <class Socket>
class Dial final : public std::enable_shared_from_this<Dial<Socket>> {
public:
    Dial(asio::any_io_executor executor, Endpoint endpoint, const StreamSettings& settings, Dialled<Socket> done)
        : resolver_(executor), socket_(executor), timer_(executor), endpoint_(std::move(endpoint)),
          tls_(settings.tls), done_(std::move(done)) {}

    void start(std::chrono::milliseconds timeout) {
        timer_.expires_after(timeout);
        timer_.async_wait([self = this->shared_from_this(), timeout](boost::system::error_code ec) {
            if (!ec) self->give_up("timed out after " + std::to_string(timeout.count()) + " ms");
        });
        resolver_.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                                [self = this->shared_from_this()](boost::system::error_code ec,
                                                                  const tcp::resolver::results_type& targets) {
                                    if (ec) return self->fail(ec.message());
                                    self->connect(targets);
                                });
    }

private:
    void connect(const tcp::resolver::results_type& targets) {
        asio::async_connect(socket_, targets, [self = this->shared_from_this()](boost::system::error_code ec, auto&&) {
            if (ec) return self->fail(ec.message());
            boost::system::error_code ignored;
            self->socket_.set_option(tcp::no_delay(true), ignored);
            self->connected();
        });
    }

    void connected() {
        if constexpr (std::is_same_v<Socket, TlsStream>) {
            stream_.emplace(client_tls_stream(std::move(socket_), endpoint_, *tls_));
            stream_->async_handshake(asio::ssl::stream_base::client,
                                     [self = this->shared_from_this()](boost::system::error_code ec) {
                                         if (ec) return self->fail("TLS handshake failed: " + ec.message());
                                         self->succeed(std::move(*self->stream_));
                                     });
        } else {
            succeed(std::move(socket_));
        }
    }

    void give_up(const std::string& why) {
        why_ = why;
        resolver_.cancel();
        boost::system::error_code ignored;
        socket_.close(ignored);
        if (stream_) stream_->next_layer().close(ignored);
    }

    void succeed(Socket socket) {
        if (!done_) return;
        timer_.cancel();
        std::exchange(done_, nullptr)(std::move(socket), {});
    }

    void fail(const std::string& why) {
        if (!done_) return;
        timer_.cancel();
        auto reason = "cannot connect to " + endpoint_.to_uri() + ": " + (why_.empty() ? why : why_);
        std::exchange(done_, nullptr)(std::nullopt, reason);
    }

    tcp::resolver resolver_;
    tcp::socket socket_;
    std::optional<TlsStream> stream_;
    asio::steady_timer timer_;
    Endpoint endpoint_;
    std::shared_ptr<asio::ssl::context> tls_;
    Dialled<Socket> done_;
    std::string why_;  // set when the timer gave up, which the step it cut short reports
};

template <class Socket>
void start_dial(asio::any_io_executor executor, const Endpoint& endpoint, const StreamSettings& settings,
                std::chrono::milliseconds timeout, Dialled<Socket> done) {
    std::make_shared<Dial<Socket>>(std::move(executor), endpoint, settings, std::move(done))->start(timeout);
}

}  // namespace

void dial(asio::any_io_executor executor, const Endpoint& endpoint, const StreamSettings& settings,
          std::chrono::milliseconds timeout, Dialled<tcp::socket> done) {
    start_dial(std::move(executor), endpoint, settings, timeout, std::move(done));
}

void dial(asio::any_io_executor executor, const Endpoint& endpoint, const StreamSettings& settings,
          std::chrono::milliseconds timeout, Dialled<TlsStream> done) {
    start_dial(std::move(executor), endpoint, settings, timeout, std::move(done));
}

}  // namespace rpcforge::detail
