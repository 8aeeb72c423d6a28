// Protection limits on connections, over real sockets: how many may be open, how long one may
// stay silent, how long one may take to send a message, and how many of its requests may
// wait for answers before the server stops reading it.

#include "support/child_server.hpp"
#include "support/raw_stream.hpp"

#include <rpcforge/endpoint.hpp>
#include <rpcforge/server.hpp>

#include <boost/asio/connect.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <sys/resource.h>
#include <thread>

namespace rpcforge::test {
namespace {

std::string call_text(int id, const std::string& method = "echo") {
    return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", {"hi"}}, {"id", id}}.dump();
}

/// A server on loopback TCP with "echo" and "gate" (which waits until the test opens it).
class GatedServer {
public:
    explicit GatedServer(ServerOptions options, const std::string& listen = "tcp://127.0.0.1:0") {
        dispatcher_.add("echo", {"text"}, [](const std::string& text) { return text; });
        dispatcher_.add("gate", {"text"}, [this](const std::string& text) {
            gate_.wait_for(std::chrono::seconds(30));
            return text;
        });
        server_ = std::make_unique<Server>(dispatcher_, std::move(options));
        uri_ = server_->listen(listen);
        server_->start();
    }
    ~GatedServer() {
        open_gate();
        server_->stop();
    }
    const std::string& uri() const { return uri_; }
    void open_gate() {
        std::call_once(opened_, [this] { promise_.set_value(); });
    }

private:
    std::promise<void> promise_;
    std::shared_future<void> gate_ = promise_.get_future().share();
    std::once_flag opened_;
    Dispatcher dispatcher_;
    std::unique_ptr<Server> server_;
    std::string uri_;
};

/// A WebSocket client that can leave a message unfinished, frame by frame.
class WebSocketProbe {
public:
    explicit WebSocketProbe(const std::string& uri) {
        auto endpoint = Endpoint::parse(uri);
        boost::asio::ip::tcp::resolver resolver(io_);
        ws_.next_layer().connect(resolver.resolve(endpoint.host, std::to_string(endpoint.port)));
        ws_.handshake(endpoint.host, endpoint.path);
        ws_.async_read(buffer_, [this](boost::beast::error_code ec, std::size_t) {
            closed_ = closed_ || ec;
            read_done_ = true;
        });
    }
    /// Sends a part of a message that goes on (a frame without FIN); false once that fails.
    bool send_part(const std::string& text) {
        boost::beast::error_code ec;
        ws_.write_some(false, boost::asio::buffer(text), ec);
        return !ec;
    }
    /// Whether the server has closed, waiting up to `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout) {
        io_.run_for(timeout);
        io_.restart();
        return closed_;
    }

private:
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
    boost::beast::flat_buffer buffer_;
    bool read_done_ = false;
    bool closed_ = false;
};

bool answers(RawStream& stream, int id) {
    stream.send(call_text(id));
    auto answer = stream.receive(std::chrono::seconds(10));
    return answer && json::parse(*answer).value("id", 0) == id;
}

TEST(ConnectionLimits, PastMaxConnectionsNewOnesAreClosedAndAClosedOneFreesItsPlace) {
    ServerOptions options;
    options.max_connections = 2;
    GatedServer server(options);
    auto first = std::make_unique<RawStream>(server.uri());
    RawStream second(server.uri());
    ASSERT_TRUE(answers(*first, 1));
    ASSERT_TRUE(answers(second, 2));

    RawStream third(server.uri());
    EXPECT_TRUE(third.closed_by_peer(std::chrono::seconds(10))) << "a third connection was kept";

    first.reset();
    EXPECT_TRUE(eventually([&] {
        RawStream again(server.uri());
        return answers(again, 3);
    })) << "the closed connection's place was not freed";
}

TEST(ConnectionLimits, RaisesTheOpenFileLimitWhenAsked) {
    rlimit original{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
    if (original.rlim_max < 64) GTEST_SKIP() << "hard limit too low to lower the soft one";
    rlimit lowered = original;
    lowered.rlim_cur = original.rlim_max / 2;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
    ServerOptions options;
    options.raise_open_file_limit = true;
    { Server server(Dispatcher{}, options); }
    rlimit raised{};
    ::getrlimit(RLIMIT_NOFILE, &raised);
    ::setrlimit(RLIMIT_NOFILE, &original);
    EXPECT_EQ(raised.rlim_cur, original.rlim_max);
}

TEST(ConnectionLimits, AnIdleConnectionIsClosed) {
    ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(200);
    GatedServer server(options);
    RawStream silent(server.uri());
    EXPECT_TRUE(silent.closed_by_peer(std::chrono::seconds(10)));
    RawStream answered(server.uri());
    ASSERT_TRUE(answers(answered, 1));
    EXPECT_TRUE(answered.closed_by_peer(std::chrono::seconds(10)));
}

TEST(ConnectionLimits, AConnectionWaitingForAnAnswerIsNotIdle) {
    ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(100);
    GatedServer server(options);
    RawStream waiting(server.uri());
    waiting.send(call_text(7, "gate"));
    // Many idle timeouts pass while the request runs; then the answer still comes.
    EXPECT_FALSE(waiting.closed_by_peer(std::chrono::milliseconds(800)));
    server.open_gate();
    auto answer = waiting.receive(std::chrono::seconds(10));
    ASSERT_TRUE(answer) << "closed while a request was in flight";
    EXPECT_EQ(json::parse(*answer).value("id", 0), 7);
}

TEST(ConnectionLimits, ASlowSenderIsClosedAtTheReadDeadline) {
    ServerOptions options;
    options.read_timeout = std::chrono::milliseconds(300);
    options.idle_timeout = std::chrono::seconds(60);
    GatedServer server(options);
    RawStream slow(server.uri());
    // One byte at a time, each well within any idle timeout: the message never ends in time.
    ASSERT_TRUE(slow.write_raw(R"({"jsonrpc": "2.0", "method": "echo", "params": [")"));
    bool closed = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!closed && std::chrono::steady_clock::now() < deadline)
        closed = !slow.write_raw("x") || slow.closed_by_peer(std::chrono::milliseconds(20));
    EXPECT_TRUE(closed) << "a message dripping in for 15 s was still being read";
    RawStream prompt(server.uri());
    EXPECT_TRUE(answers(prompt, 1));
}

TEST(ConnectionLimits, PastMaxQueuedMessagesTheNextRequestIsNotReadUntilOneIsAnswered) {
    ServerOptions options;
    options.peer.protocol.limits.max_queued_messages = 2;
    std::mutex mutex;
    std::vector<std::string> events;
    auto record = [&](std::string event) {
        std::lock_guard lock(mutex);
        events.push_back(std::move(event));
    };
    auto seen = [&](const std::string& event) {
        std::lock_guard lock(mutex);
        return std::find(events.begin(), events.end(), event) != events.end();
    };
    options.peer.trace = [&](Direction direction, std::string_view message) {
        if (direction == Direction::incoming) record("read " + std::to_string(json::parse(message).value("id", 0)));
    };
    GatedServer server(options);
    RawStream stream(server.uri());
    // One at a time, so that each arrives in a read of its own.
    stream.send(call_text(1, "gate"));
    ASSERT_TRUE(eventually([&] { return seen("read 1"); }));
    stream.send(call_text(2));
    ASSERT_TRUE(eventually([&] { return seen("read 2"); }));
    stream.send(call_text(3));
    // Two are waiting (one runs, one queued): the third stays in the socket.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(seen("read 3")) << "read past max_queued_messages";
    record("gate opened");
    server.open_gate();
    ASSERT_TRUE(eventually([&] { return seen("read 3"); }));
    std::lock_guard lock(mutex);
    EXPECT_EQ(events, (std::vector<std::string>{"read 1", "read 2", "gate opened", "read 3"}));
    for (int id : {1, 2, 3}) {
        auto answer = stream.receive(std::chrono::seconds(10));
        ASSERT_TRUE(answer);
        EXPECT_EQ(json::parse(*answer).value("id", 0), id);
    }
}

}  // namespace
}  // namespace rpcforge::test

namespace rpcforge::test {
namespace {

TEST(ConnectionLimits, AnIdleWebSocketIsClosed) {
    ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(200);
    GatedServer server(options, "ws://127.0.0.1:0/rpc");
    WebSocketProbe silent(server.uri());
    EXPECT_TRUE(silent.closed_by_peer(std::chrono::seconds(10)));
}

TEST(ConnectionLimits, ASlowWebSocketSenderIsClosedAtTheReadDeadline) {
    ServerOptions options;
    options.read_timeout = std::chrono::milliseconds(300);
    options.idle_timeout = std::chrono::seconds(60);
    GatedServer server(options, "ws://127.0.0.1:0/rpc");
    WebSocketProbe slow(server.uri());
    ASSERT_TRUE(slow.send_part(R"({"jsonrpc": "2.0", "method": "echo", "params": [")"));
    bool closed = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!closed && std::chrono::steady_clock::now() < deadline)
        closed = !slow.send_part("x") || slow.closed_by_peer(std::chrono::milliseconds(20));
    EXPECT_TRUE(closed) << "a message dripping in for 15 s was still being read";
}

}  // namespace
}  // namespace rpcforge::test
