// Slow senders (slowloris): a peer that sends one byte at a time, never finishing what it
// started, is cut off on every transport within the deadline docs/limits.md names for it,
// while the server goes on serving everyone else. Short deadlines keep each case under a second.

#include "support/certificates.hpp"
#include "support/transports.hpp"

#include "transport/tls/tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <poll.h>
#include <thread>

namespace rpcforge::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

constexpr milliseconds deadline{400};
// Time the server may take past its deadline (timer, strand, a loaded sanitizer build).
constexpr milliseconds slack{1500};

/// A connection that writes bytes; `fd` is its TCP socket, watched for the server's close.
struct Dribbler {
    std::function<bool(std::string_view)> write;
    int fd;
};

/// True once the server has closed its side, seen without reading anything.
bool closed_by_server(int fd) {
    pollfd watched{fd, POLLRDHUP, 0};
    return ::poll(&watched, 1, 0) > 0 && (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

struct Outcome {
    std::optional<milliseconds> closed_after;  // from the first byte; none if never closed
    int other_calls = 0;                        // answered meanwhile on another connection
};

/// Writes `opening`, then `drip` one byte every 20 ms (round and round), calling "echo" on
/// `other` between bytes, until the server closes the connection or 10 s pass.
Outcome dribble(Dribbler& slow, const std::string& opening, const std::string& drip, Client& other) {
    Outcome outcome;
    auto start = std::chrono::steady_clock::now();
    bool open = slow.write(opening);
    for (std::size_t i = 0; open && std::chrono::steady_clock::now() < start + std::chrono::seconds(10); ++i) {
        EXPECT_EQ(other.call("echo", {"meanwhile"}), "meanwhile");
        ++outcome.other_calls;
        std::this_thread::sleep_for(milliseconds(20));
        open = !closed_by_server(slow.fd) && slow.write(std::string_view(&drip[i % drip.size()], 1));
    }
    if (!open) outcome.closed_after = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    return outcome;
}

void expect_cut_at_deadline(const Outcome& outcome) {
    ASSERT_TRUE(outcome.closed_after) << "the slow sender was still connected after 10 s";
    EXPECT_GE(outcome.closed_after->count(), (deadline / 2).count()) << "closed at once, not by its deadline";
    EXPECT_LE(outcome.closed_after->count(), (deadline + slack).count()) << "closed late (ms)";
    EXPECT_GT(outcome.other_calls, 3) << "others were not served while the slow sender held on";
}

tcp::socket connect_raw(asio::io_context& io, const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    tcp::socket socket(io);
    asio::connect(socket, tcp::resolver(io).resolve(endpoint.host, std::to_string(endpoint.port)));
    return socket;
}

template <class Stream>
std::function<bool(std::string_view)> writer(Stream& stream) {
    return [&stream](std::string_view bytes) {
        boost::system::error_code ec;
        asio::write(stream, asio::buffer(bytes.data(), bytes.size()), ec);
        return !ec;
    };
}

/// A plain TCP connection to the server's port, whatever its scheme, dribbling raw bytes.
Outcome dribble_raw(TestServer& server, const std::string& opening, const std::string& drip) {
    asio::io_context io;
    auto socket = connect_raw(io, server.uri());
    Dribbler slow{writer(socket), socket.native_handle()};
    auto other = server.client();
    return dribble(slow, opening, drip, *other);
}

TEST(SlowSenders, TcpMessageIsCutAtTheReadTimeout) {
    ServerOptions options;
    options.read_timeout = deadline;
    TestServer server(Transport::tcp4, options);
    expect_cut_at_deadline(dribble_raw(server, R"({"jsonrpc": "2.0", "method": "echo", "params": [")", "x"));
}

TEST(SlowSenders, HttpHeadersAreCutAtTheReadTimeout) {
    ServerOptions options;
    options.read_timeout = deadline;
    TestServer server(Transport::http4, options);
    expect_cut_at_deadline(dribble_raw(server, "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", "a"));
}

TEST(SlowSenders, HttpBodyIsCutAtTheReadTimeout) {
    ServerOptions options;
    options.read_timeout = deadline;
    TestServer server(Transport::http4, options);
    auto headers = "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n";
    expect_cut_at_deadline(dribble_raw(server, headers + std::string(R"({"jsonrpc": "2.0", "method": "echo", "params": [")"), "x"));
}

TEST(SlowSenders, WebSocketUpgradeIsCutAtTheHandshakeTimeout) {
    ServerOptions options;
    options.tls.handshake_timeout = deadline;  // bounds the upgrade of ws:// too
    TestServer server(Transport::ws4, options);
    expect_cut_at_deadline(dribble_raw(server, "GET /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", "a"));
}

TEST(SlowSenders, WebSocketMessageIsCutAtTheReadTimeout) {
    ServerOptions options;
    options.read_timeout = deadline;
    TestServer server(Transport::ws4, options);
    asio::io_context io;
    boost::beast::websocket::stream<tcp::socket> ws(connect_raw(io, server.uri()));
    ws.handshake("127.0.0.1", "/rpc");
    // Each byte a frame of its own, none with FIN: one message that never ends.
    Dribbler slow{[&ws](std::string_view bytes) {
                      boost::system::error_code ec;
                      ws.write_some(false, asio::buffer(bytes.data(), bytes.size()), ec);
                      return !ec;
                  },
                  ws.next_layer().native_handle()};
    auto other = server.client();
    expect_cut_at_deadline(dribble(slow, R"({"jsonrpc": "2.0", "method": "echo", "params": [")", "x", *other));
}

TEST(SlowSenders, TlsHandshakeIsCutAtTheHandshakeTimeout) {
    ServerOptions options;
    options.tls = server_tls();  // given here, so that TestServer keeps the timeout set below
    options.tls.handshake_timeout = deadline;
    TestServer server(Transport::tls4, options);
    // A handshake record announcing 512 bytes, which come one at a time.
    expect_cut_at_deadline(dribble_raw(server, std::string("\x16\x03\x01\x02\x00", 5), std::string(1, '\0')));
}

TEST(SlowSenders, TlsMessageIsCutAtTheReadTimeout) {
    ServerOptions options;
    options.read_timeout = deadline;
    TestServer server(Transport::tls4, options);
    asio::io_context io;
    auto context = detail::make_client_tls(client_tls());
    asio::ssl::stream<tcp::socket> stream(connect_raw(io, server.uri()), *context);
    stream.handshake(asio::ssl::stream_base::client);
    // Each byte goes in a TLS record of its own, so the server reads it as it comes.
    Dribbler slow{writer(stream), stream.next_layer().native_handle()};
    auto other = server.client();
    expect_cut_at_deadline(dribble(slow, R"({"jsonrpc": "2.0", "method": "echo", "params": [")", "x", *other));
}

}  // namespace
}  // namespace rpcforge::test
