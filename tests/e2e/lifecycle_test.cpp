// Server life: several endpoints, the handler pool, graceful stop, connection callbacks.

#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <boost/asio/local/stream_protocol.hpp>

#include <condition_variable>
#include <filesystem>
#include <latch>

namespace rpcforge::test {
namespace {

TEST(Server, ListensOnSeveralEndpointsAtOnce) {
    Received received;
    Dispatcher dispatcher;
    register_spec_methods(dispatcher, received);
    Server server(dispatcher);
    auto tcp4 = server.listen("tcp://127.0.0.1:0");
    auto tcp6 = server.listen("tcp://[::1]:0");
    auto unix_socket = server.listen("unix://" + temp_socket_path());
    auto lsp = server.listen("tcp://127.0.0.1:0?framing=content-length");
    server.start();
    for (const auto& uri : {tcp4, tcp6, unix_socket, lsp}) EXPECT_EQ(Client(uri).call("add", {1, 2}), 3) << uri;
    EXPECT_EQ(tcp6.substr(0, 12), "tcp://[::1]:");
}

TEST(Server, ListenFailuresAreClear) {
    Dispatcher dispatcher;
    Server server(dispatcher);
    auto uri = server.listen("tcp://127.0.0.1:0");
    Server other(dispatcher);
    try {
        other.listen(uri);
        FAIL() << "bound twice";
    } catch (const std::system_error& e) {
        EXPECT_EQ(std::string(e.what()).substr(0, 17 + uri.size()), "cannot listen on " + uri);
    }
    EXPECT_THROW(other.listen("bogus"), std::invalid_argument);
}

TEST(Server, UnixSocketFileIsReplacedWhenStaleAndRemovedOnStop) {
    auto path = temp_socket_path();
    Dispatcher dispatcher;
    {
        Server first(dispatcher);
        first.listen("unix://" + path);
        first.start();
        Server second(dispatcher);
        EXPECT_THROW(second.listen("unix://" + path), std::system_error);  // in use
        first.stop();
        EXPECT_FALSE(std::filesystem::exists(path));
    }
    // A file left behind by a server that died is not in the way.
    {
        boost::asio::io_context io;
        boost::asio::local::stream_protocol::acceptor stale(io, boost::asio::local::stream_protocol::endpoint(path));
    }
    ASSERT_TRUE(std::filesystem::exists(path));
    Server third(dispatcher);
    EXPECT_NO_THROW(third.listen("unix://" + path));
}

/// Handlers that wait for each other: they finish only if `threads` of them run at once.
TEST(Server, RunsHandlersOnAPoolOfTheSizeAsked) {
    constexpr int threads = 4;
    Dispatcher dispatcher;
    std::latch all_in(threads);
    dispatcher.add("rendezvous", [&all_in] {
        all_in.count_down();
        all_in.wait();
        return true;
    });
    ServerOptions options;
    options.threads = threads;
    Server server(dispatcher, options);
    auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();
    std::vector<std::unique_ptr<Client>> clients;
    std::vector<std::future<json>> answers;
    for (int i = 0; i < threads; ++i) {
        clients.push_back(std::make_unique<Client>(uri));
        answers.push_back(clients.back()->call_async("rendezvous"));
    }
    for (auto& answer : answers) EXPECT_EQ(answer.get(), true);
}

TEST(Server, GracefulStopAnswersWhatIsInFlightThenRefuses) {
    TestServer server(Transport::tcp4);
    auto client = server.client();
    RawStream raw(server.uri());
    raw.send(R"({"jsonrpc": "2.0", "method": "sleep", "params": [200], "id": 1})");
    raw.send(R"({"jsonrpc": "2.0", "method": "add", "params": [1, 2], "id": 2})");
    auto slow = client->call_async("sleep", {200});
    std::this_thread::sleep_for(50ms);  // let both requests arrive; correctness does not hang on it
    server.server().stop();
    EXPECT_EQ(slow.get(), 200);
    EXPECT_EQ(json::parse(raw.receive().value()).at("result"), 200);
    EXPECT_EQ(json::parse(raw.receive().value()).at("result"), 3);
    EXPECT_TRUE(raw.closed_by_peer());
    EXPECT_THROW(Client{server.uri()}, ConnectionError);
}

TEST(Server, StopIsIdempotentAndWaitReturnsAfterIt) {
    TestServer server(Transport::tcp4);
    std::thread waiter([&] { server.server().wait(); });
    server.server().stop();
    server.server().stop();
    waiter.join();
}

TEST(Server, ConnectAndDisconnectCallbacks) {
    Dispatcher dispatcher;
    dispatcher.add("ping", [] { return "pong"; });
    Server server(dispatcher);
    std::mutex mutex;
    std::condition_variable changed;
    int connects = 0, disconnects = 0;
    server.on_connect([&](const std::shared_ptr<Peer>&) {
        std::lock_guard lock(mutex);
        ++connects;
    });
    server.on_disconnect([&](const std::shared_ptr<Peer>&) {
        std::lock_guard lock(mutex);
        ++disconnects;
        changed.notify_all();
    });
    auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();
    {
        Client client(uri);
        EXPECT_EQ(client.call("ping"), "pong");
        EXPECT_EQ(server.peers().size(), 1u);
    }
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 5s, [&] { return disconnects == 1; }));
    EXPECT_EQ(connects, 1);
    lock.unlock();
    EXPECT_TRUE(server.peers().empty());
}

TEST(Server, Version1ClientsWhenEnabled) {
    ServerOptions options;
    options.peer.protocol.accept_v1 = true;
    TestServer server(Transport::tcp4, options);
    RawStream raw(server.uri());
    raw.send(R"({"method": "add", "params": [1, 2], "id": 7})");
    EXPECT_EQ(json::parse(raw.receive().value()), json::parse(R"({"result": 3, "error": null, "id": 7})"));
    raw.send(R"({"method": "nope", "params": [], "id": 8})");
    EXPECT_EQ(json::parse(raw.receive().value()),
              json::parse(R"({"result": null, "error": {"code": -32601, "message": "Method not found"}, "id": 8})"));
    raw.send(R"({"method": "notify_hello", "params": [3], "id": null})");  // a 1.0 notification
    raw.send(R"({"jsonrpc": "2.0", "method": "add", "params": [2, 2], "id": 9})");
    EXPECT_EQ(json::parse(raw.receive().value()), json::parse(R"({"jsonrpc": "2.0", "result": 4, "id": 9})"));
    EXPECT_EQ(server.received().all(), std::vector<std::string>{"notify_hello[3]"});
}

TEST(Server, Version1IsRefusedByDefault) {
    TestServer server(Transport::tcp4);
    RawStream raw(server.uri());
    raw.send(R"({"method": "add", "params": [1, 2], "id": 7})");
    auto answer = json::parse(raw.receive().value());
    EXPECT_EQ(answer.at("error").at("code"), error_code::invalid_request);
    EXPECT_EQ(answer.at("id"), 7);
}

}  // namespace
}  // namespace rpcforge::test
