#include "support/raw_stream.hpp"

#include "transport/stream/framer.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <variant>

namespace rpcforge::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using unix_socket = asio::local::stream_protocol;

namespace {

/// Collects what a framer finds, frame errors included as text, for receive().
struct Collector final : detail::FrameSink {
    std::deque<std::string> messages;
    void on_frame(std::string message) override { messages.push_back(std::move(message)); }
    void on_frame_error(const Error& error, bool) override { messages.push_back("frame error: " + error.to_json().dump()); }
};

}  // namespace

struct RawStream::Impl {
    asio::io_context io;
    std::variant<tcp::socket, unix_socket::socket> socket{tcp::socket(io)};
    std::unique_ptr<detail::Framer> framer;
    Collector collector;
    bool eof = false;

    /// Reads once, waiting at most `timeout`; false when nothing came.
    bool read_some(std::chrono::milliseconds timeout) {
        std::array<char, 64 * 1024> buffer;
        bool done = false;
        std::size_t got = 0;
        boost::system::error_code result;
        std::visit([&](auto& s) {
            s.async_read_some(asio::buffer(buffer), [&](boost::system::error_code ec, std::size_t n) {
                result = ec;
                got = n;
                done = true;
            });
        }, socket);
        io.restart();
        io.run_for(timeout);
        if (!done) {
            std::visit([](auto& s) { s.cancel(); }, socket);
            io.restart();
            io.run();
            return false;
        }
        if (result) {
            eof = true;
            return false;
        }
        framer->feed(std::string_view(buffer.data(), got), collector);
        return true;
    }
};

RawStream::RawStream(const std::string& uri) : impl_(std::make_unique<Impl>()) {
    auto endpoint = Endpoint::parse(uri);
    impl_->framer = detail::make_framer(endpoint.framing, 1u << 30);
    if (endpoint.kind == Endpoint::Kind::unix_socket) {
        unix_socket::socket socket(impl_->io);
        socket.connect(unix_socket::endpoint(endpoint.path));
        impl_->socket = std::move(socket);
    } else {
        tcp::socket socket(impl_->io);
        socket.connect(tcp::endpoint(asio::ip::make_address(endpoint.host), endpoint.port));
        socket.set_option(tcp::no_delay(true));
        impl_->socket = std::move(socket);
    }
}

RawStream::~RawStream() = default;

void RawStream::send(const std::string& message) {
    if (!write_raw(impl_->framer->wrap(message))) throw std::runtime_error("RawStream: the server closed");
}

std::optional<std::string> RawStream::receive(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (impl_->collector.messages.empty() && !impl_->eof) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !impl_->read_some(left)) break;
    }
    if (impl_->collector.messages.empty()) return std::nullopt;
    auto message = std::move(impl_->collector.messages.front());
    impl_->collector.messages.pop_front();
    return message;
}

bool RawStream::write_raw(std::string_view bytes) {
    boost::system::error_code ec;
    std::visit([&](auto& s) { asio::write(s, asio::buffer(bytes.data(), bytes.size()), ec); }, impl_->socket);
    return !ec;
}

std::size_t RawStream::write_until_stalled(std::string_view bytes, std::size_t total, std::chrono::milliseconds stall) {
    std::size_t written = 0, offset = 0;
    auto last_progress = std::chrono::steady_clock::now();
    std::visit([](auto& s) { s.non_blocking(true); }, impl_->socket);
    while (written < total && std::chrono::steady_clock::now() - last_progress < stall) {
        boost::system::error_code ec;
        std::size_t n = 0;
        std::visit([&](auto& s) { n = s.write_some(asio::buffer(bytes.substr(offset)), ec); }, impl_->socket);
        if (ec == asio::error::would_block) {
            std::this_thread::sleep_for(1ms);
            continue;
        }
        if (ec) break;
        written += n;
        offset = (offset + n) % bytes.size();
        last_progress = std::chrono::steady_clock::now();
    }
    std::visit([](auto& s) { s.non_blocking(false); }, impl_->socket);
    return written;
}

void RawStream::shutdown_send() {
    std::visit([](auto& s) { s.shutdown(asio::socket_base::shutdown_send); }, impl_->socket);
}

bool RawStream::closed_by_peer(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!impl_->eof) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        impl_->read_some(left);
    }
    return true;
}

void RawStream::close() {
    boost::system::error_code ignored;
    std::visit([&](auto& s) { s.close(ignored); }, impl_->socket);
}

// ---- over a runtime connection ---------------------------------------------------------------------------

struct RawConnection::Impl final : ConnectionHandler {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    std::thread thread;
    std::shared_ptr<Connection> connection;
    std::mutex mutex;
    std::condition_variable arrived;
    std::deque<std::string> messages;

    void on_message(std::string message, std::shared_ptr<MessageContext>) override {
        std::lock_guard lock(mutex);
        messages.push_back(std::move(message));
        arrived.notify_all();
    }
    void on_frame_error(const Error&, bool) override {}
    void on_input_end() override { connection->close(); }
    void on_closed(const std::string&) override {}
};

RawConnection::RawConnection(const std::function<std::shared_ptr<Connection>(asio::io_context&)>& connect)
    : impl_(std::make_shared<Impl>()) {
    impl_->connection = connect(impl_->io);
    impl_->connection->start(impl_);
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

RawConnection::~RawConnection() {
    impl_->connection->close();
    impl_->work.reset();
    impl_->thread.join();
}

void RawConnection::send(const std::string& message) { impl_->connection->send(message); }

std::optional<std::string> RawConnection::receive(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    if (!impl_->arrived.wait_for(lock, timeout, [&] { return !impl_->messages.empty(); })) return std::nullopt;
    auto message = std::move(impl_->messages.front());
    impl_->messages.pop_front();
    return message;
}

}  // namespace rpcforge::test
