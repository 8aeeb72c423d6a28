#include "etcd/etcd_gateway.hpp"

#include <rpcforge/discovery.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace rpcforge::discovery {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

/// An answer larger than this is not etcd's (a range of a few thousand instances is far less).
constexpr std::size_t max_answer_bytes = 16 * 1024 * 1024;

struct HostPort {
    std::string host;
    std::string port;
};

HostPort split(const std::string& store) {
    auto colon = store.rfind(':');
    std::string host = store.substr(0, colon);
    if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
    return {host, store.substr(colon + 1)};
}

http::request<http::string_body> make_request(const std::string& store, const std::string& path, const json& body) {
    http::request<http::string_body> request{http::verb::post, path, 11};
    request.set(http::field::host, store);
    request.set(http::field::content_type, "application/json");
    request.body() = body.dump();
    request.prepare_payload();
    return request;
}

/// Runs `exchange` on a private io_context until it ends; rethrows what it threw.
template <class Exchange>
void run(asio::io_context& io, Exchange exchange) {
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(exchange), [&failure](std::exception_ptr error) { failure = error; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

asio::awaitable<void> connect(beast::tcp_stream& stream, const std::string& store) {
    auto [host, port] = split(store);
    asio::ip::tcp::resolver resolver(co_await asio::this_coro::executor);
    auto addresses = co_await resolver.async_resolve(host, port, asio::use_awaitable);
    co_await stream.async_connect(addresses, asio::use_awaitable);
}

void check_status(const http::response_header<>& header, const std::string& body) {
    if (header.result() == http::status::ok) return;
    throw std::runtime_error("HTTP " + std::to_string(header.result_int()) + ": " + body.substr(0, 200));
}

json post_once(const std::string& store, const std::string& path, const json& body,
               std::chrono::milliseconds timeout) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_answer_bytes);
    run(io, [&]() -> asio::awaitable<void> {
        stream.expires_after(timeout);
        co_await connect(stream, store);
        auto request = make_request(store, path, body);
        co_await http::async_write(stream, request, asio::use_awaitable);
        beast::flat_buffer buffer;
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    });
    check_status(parser.get().base(), parser.get().body());
    return json::parse(parser.get().body());
}

/// Takes each complete line of `pending` (the gateway ends every streamed answer with one)
/// and passes it on; false once `on_answer` wants no more.
bool take_lines(std::string& pending, const std::function<bool(const json&)>& on_answer) {
    std::size_t start = 0;
    for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
        std::string_view line(pending.data() + start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \r\t") == std::string_view::npos) continue;
        if (!on_answer(json::parse(line))) return false;
    }
    pending.erase(0, start);
    if (pending.size() > max_answer_bytes) throw std::runtime_error("a streamed answer is too large");
    return true;
}

void stream_once(const std::string& store, const std::string& path, const json& body, std::chrono::milliseconds timeout,
                 const std::function<bool(const json&)>& on_answer, const std::function<bool()>& stop,
                 std::chrono::milliseconds poll) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    asio::steady_timer poller(io);
    bool done = false;
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        stream.expires_after(timeout);
        co_await connect(stream, store);
        auto request = make_request(store, path, body);
        co_await http::async_write(stream, request, asio::use_awaitable);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(boost::none);  // an endless stream; take_lines bounds what is kept
        co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
        stream.expires_never();
        while (!parser.is_done() && !stop()) {
            co_await http::async_read_some(stream, buffer, parser, asio::use_awaitable);
            check_status(parser.get().base(), parser.get().body());
            if (!take_lines(parser.get().body(), on_answer)) break;
        }
    }, [&](std::exception_ptr error) {
        failure = error;
        done = true;
        poller.cancel();
    });
    // Looks at `stop` every `poll`: closing the socket ends the read above.
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        while (!done && !stop()) {
            poller.expires_after(poll);
            co_await poller.async_wait(asio::use_awaitable);
        }
        beast::error_code ignored;
        stream.socket().close(ignored);
    }, [](std::exception_ptr) {});
    io.run();
    if (failure && !stop()) std::rethrow_exception(failure);
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::string base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) throw std::invalid_argument("not base64: its length is not a multiple of 4");
    std::string out(text.size() / 4 * 3, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (length < 0) throw std::invalid_argument("not base64");
    // EVP_DecodeBlock counts the padding as decoded zero bytes.
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

EtcdGateway::EtcdGateway(std::vector<std::string> stores, std::string store_uri, std::chrono::milliseconds timeout)
    : stores_(std::move(stores)), store_uri_(std::move(store_uri)), timeout_(timeout) {}

std::vector<std::size_t> EtcdGateway::order() const {
    std::lock_guard lock(mutex_);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < stores_.size(); ++i) order.push_back((preferred_ + i) % stores_.size());
    return order;
}

void EtcdGateway::answered_by(std::size_t store) {
    std::lock_guard lock(mutex_);
    preferred_ = store;
}

json EtcdGateway::post(const std::string& path, const json& body) {
    std::string failures;
    for (auto store : order()) {
        try {
            json answer = post_once(stores_[store], path, body, timeout_);
            answered_by(store);
            return answer;
        } catch (const std::exception& e) {
            failures += "; " + stores_[store] + ": " + e.what();
        }
    }
    throw DiscoveryError(store_uri_ + ": no store answered " + path + failures);
}

void EtcdGateway::stream(const std::string& path, const json& body, const std::function<bool(const json&)>& on_answer,
                         const std::function<bool()>& stop, std::chrono::milliseconds poll) {
    std::string failures;
    for (auto store : order()) {
        bool answered = false;
        try {
            stream_once(stores_[store], path, body, timeout_, [&](const json& answer) {
                answered = true;
                return on_answer(answer);
            }, stop, poll);
            return;
        } catch (const std::exception& e) {
            if (stop()) return;
            // A stream that was taken and then broke is over; the caller starts another.
            if (answered) throw DiscoveryError(store_uri_ + ": " + stores_[store] + ": " + e.what());
            failures += "; " + stores_[store] + ": " + e.what();
        }
    }
    throw DiscoveryError(store_uri_ + ": no store took the stream " + path + failures);
}

}  // namespace rpcforge::discovery
