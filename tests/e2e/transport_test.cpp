// What a client sees, the same over every transport.

#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <latch>

namespace rpcforge::test {
namespace {

class OverEveryTransport : public ::testing::TestWithParam<Transport> {
protected:
    TestServer server{GetParam()};
};

TEST_P(OverEveryTransport, CallsByPositionAndByName) {
    auto client = server.client();
    EXPECT_EQ(client->call("subtract", {42, 23}), 19);
    EXPECT_EQ(client->call("subtract", {{"subtrahend", 23}, {"minuend", 42}}), 19);
    EXPECT_EQ(client->call("get_data"), json::parse(R"(["hello", 5])"));
}

/// The wire text of an answer, byte for byte: members in the order they came (rpcforge::json
/// keeps it), the envelope in the specification's order.
TEST_P(OverEveryTransport, ObjectMembersKeepTheirOrderThroughTheServer) {
    auto raw = server.raw();
    raw->send(R"({"jsonrpc":"2.0","method":"echo","params":[{"k":1,"o":{"z":[{"y":1,"b":2}],"a":null},"e":"x"}],"id":7})");
    EXPECT_EQ(raw->receive(), R"({"jsonrpc":"2.0","result":{"k":1,"o":{"z":[{"y":1,"b":2}],"a":null},"e":"x"},"id":7})");
    auto client = server.client();
    const auto echoed = client->call("echo", {json::parse(R"({"zeta":1,"alpha":2,"mid":3})")});
    EXPECT_EQ(to_wire(echoed), R"({"zeta":1,"alpha":2,"mid":3})");
}

TEST_P(OverEveryTransport, ErrorAnswersAreThrownWithCodeMessageAndData) {
    auto client = server.client();
    try {
        client->call("fail", {-32001, "custom", {{"detail", 1}}});
        FAIL() << "no exception";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), -32001);
        EXPECT_EQ(e.message(), "custom");
        EXPECT_EQ(e.data(), json::parse(R"({"detail": 1})"));
    }
    try {
        client->call("subtract", {1, "x"});
        FAIL() << "no exception";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error_code::invalid_params);
        EXPECT_EQ(e.message(), "Invalid params: 'subtrahend' must be an integer, got a string");
    }
    EXPECT_THROW(client->call("no_such_method"), Error);
}

TEST_P(OverEveryTransport, AsyncCallsAnswerTheRightCaller) {
    auto client = server.client();
    std::vector<std::future<json>> answers;
    for (int i = 0; i < 100; ++i) answers.push_back(client->call_async("add", {i, 1000}));
    for (int i = 0; i < 100; ++i) EXPECT_EQ(answers[i].get(), i + 1000);
}

TEST_P(OverEveryTransport, NotificationsArriveInOrder) {
    auto client = server.client();
    client->notify("notify_hello", {1});
    client->notify("notify_hello", {{"n", 2}});
    // Requests on one connection run in arrival order, so this sees both notifications.
    EXPECT_EQ(client->call("received"), json::parse(R"(["notify_hello[1]", "notify_hello[2]"])"));
}

TEST_P(OverEveryTransport, BatchResultsComeBackPerCall) {
    auto client = server.client();
    auto answers = client->send_batch(
        Batch().call("sum", {1, 2, 4}).notify("notify_hello", {7}).call("no_such_method").call("subtract", {42, 23}));
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_EQ(answers[0].get(), 7);
    EXPECT_THROW(answers[1].get(), Error);  // one failure does not fail the others
    EXPECT_EQ(answers[2].get(), 19);
    EXPECT_TRUE(client->send_batch(Batch().notify("notify_hello", {8})).empty());
    EXPECT_EQ(client->call("received"), json::parse(R"(["notify_hello[7]", "notify_hello[8]"])"));
}

TEST_P(OverEveryTransport, ServerCallsAndNotifiesTheClient) {
    server.dispatcher().add("ask_back", {"question"}, [](CallContext& context, std::string question) {
        context.peer->notify("hint", {{"text", "thinking about " + question}});
        return context.peer->call("answer", {question}).get<std::string>() + "!";
    });
    Dispatcher handlers;
    std::vector<std::string> hints;
    handlers.add_notification("hint", {"text"}, [&hints](std::string text) { hints.push_back(text); });
    handlers.add("answer", {"question"}, [](std::string question) { return question + " is 42"; });
    ClientOptions options;
    options.handlers = &handlers;
    auto client = server.client(options);
    EXPECT_EQ(client->call("ask_back", {"life"}), "life is 42!");
    EXPECT_EQ(hints, std::vector<std::string>{"thinking about life"});
}

TEST_P(OverEveryTransport, ServerFindsItsClientsThroughOnConnect) {
    auto client_handlers = std::make_unique<Dispatcher>();
    std::latch pushed(1);
    client_handlers->add_notification("news", {"text"}, [&pushed](std::string) { pushed.count_down(); });
    ClientOptions options;
    options.handlers = client_handlers.get();
    auto client = server.client(options);
    EXPECT_EQ(client->call("get_data"), json::parse(R"(["hello", 5])"));  // surely connected now
    auto peers = server.server().peers();
    ASSERT_EQ(peers.size(), 1u);
    peers[0]->notify("news", {"extra"});
    pushed.wait();
}

TEST_P(OverEveryTransport, CallTimeoutFailsTheCallButNotTheConnection) {
    auto client = server.client();
    CallOptions quick;
    quick.timeout = std::chrono::milliseconds(50);
    try {
        client->call("sleep", {500}, quick);
        FAIL() << "no timeout";
    } catch (const TimeoutError& e) {
        EXPECT_STREQ(e.what(), "no answer within 50 ms");
    }
    EXPECT_EQ(client->call("add", {1, 2}), 3);  // the late answer to the first call is dropped
}

TEST_P(OverEveryTransport, ManyClientsAtOnce) {
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 8; ++i) clients.push_back(server.client());
    for (int i = 0; i < 8; ++i) EXPECT_EQ(clients[i]->call("add", {i, 1}), i + 1);
}

INSTANTIATE_TEST_SUITE_P(Transports, OverEveryTransport, ::testing::ValuesIn(all_transports()),
                         [](const auto& info) { return name_of(info.param); });

TEST(Client, ConnectionRefusedSaysWhere) {
    auto path = temp_socket_path();
    try {
        Client client("unix://" + path);
        FAIL() << "connected";
    } catch (const ConnectionError& e) {
        EXPECT_EQ(std::string(e.what()).substr(0, 31 + path.size()), "cannot connect to unix://" + path + ": No s");
    }
    TestServer server(Transport::tcp4);
    auto uri = server.uri();
    server.server().stop();
    EXPECT_THROW(Client{uri}, ConnectionError);
}

TEST(Client, BadUriIsInvalidArgument) { EXPECT_THROW(Client("tcp:/nowhere"), std::invalid_argument); }

TEST(Client, ServerGoingAwayFailsWaitingCalls) {
    auto server = std::make_unique<TestServer>(Transport::tcp4);
    auto client = server->client();
    auto slow = client->call_async("sleep", {300});
    server->server().stop(std::chrono::milliseconds(10));  // too short a deadline to answer
    EXPECT_THROW(slow.get(), ConnectionError);
    EXPECT_THROW(client->call("add", {1, 2}), ConnectionError);
    EXPECT_THROW(client->notify("notify_hello", {1}), ConnectionError);
    EXPECT_FALSE(client->is_connected());
}

}  // namespace
}  // namespace rpcforge::test
