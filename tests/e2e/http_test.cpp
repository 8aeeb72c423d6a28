// JSON-RPC over HTTP (http://, https://): what a client sees through rpcforge's own client,
// and what goes over the wire, byte for byte, through a raw connection.

#include "support/http_probe.hpp"
#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

namespace rpcforge::test {
namespace {

class OverHttp : public ::testing::TestWithParam<Transport> {
protected:
    TestServer server{GetParam()};
};

TEST_P(OverHttp, CallsNotificationsAndBatches) {
    auto client = server.client();
    EXPECT_EQ(client->call("subtract", {42, 23}), 19);
    EXPECT_EQ(client->call("subtract", {{"subtrahend", 23}, {"minuend", 42}}), 19);
    EXPECT_THROW(client->call("no_such_method"), Error);
    client->notify("notify_hello", {1});
    auto answers = client->send_batch(Batch().call("sum", {1, 2, 4}).notify("notify_hello", {2}).call("add", {1, 1}));
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].get(), 7);
    EXPECT_EQ(answers[1].get(), 2);
    EXPECT_TRUE(client->send_batch(Batch().notify("notify_hello", {3})).empty());
    EXPECT_EQ(client->call("received"), json::parse(R"(["notify_hello[1]", "notify_hello[2]", "notify_hello[3]"])"));
    EXPECT_TRUE(client->is_connected());
}

TEST_P(OverHttp, ManyCallsInFlightAnswerTheRightCaller) {
    auto client = server.client();
    std::vector<std::future<json>> answers;
    for (int i = 0; i < 50; ++i) answers.push_back(client->call_async("add", {i, 1000}));
    for (int i = 0; i < 50; ++i) EXPECT_EQ(answers[i].get(), i + 1000);
}

TEST_P(OverHttp, HandlersSeeTheTransport) {
    server.dispatcher().add("how", [](CallContext& context) { return context.transport(); });
    EXPECT_EQ(server.client()->call("how"), GetParam() == Transport::http4 ? "http" : "https");
}

TEST_P(OverHttp, TheServerCannotCallAnHttpClient) {
    std::shared_ptr<Peer> connected;
    server.server().on_connect([&](const std::shared_ptr<Peer>& peer) { connected = peer; });
    auto client = server.client();
    EXPECT_EQ(client->call("add", {1, 2}), 3);
    ASSERT_TRUE(connected);
    EXPECT_FALSE(connected->can_call());
    EXPECT_THROW(connected->notify("news"), ConnectionError);
    EXPECT_TRUE(server.server().peers().empty());  // only clients that can be called
}

INSTANTIATE_TEST_SUITE_P(Http, OverHttp, ::testing::ValuesIn(http_transports()),
                         [](const auto& info) { return name_of(info.param); });

class HttpWire : public ::testing::Test {
protected:
    TestServer server{Transport::http4};
    HttpProbe probe{server.uri()};

    HttpReply round_trip(const std::string& request) {
        probe.write(request);
        auto reply = probe.read();
        if (!reply) throw std::runtime_error("no response");
        return *reply;
    }
};

TEST_F(HttpWire, ACallIsAnsweredWithJson) {
    auto reply = round_trip(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})"));
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("Content-Type"), "application/json");
    EXPECT_EQ(json::parse(reply.body), json::parse(R"({"jsonrpc":"2.0","result":19,"id":1})"));
    EXPECT_TRUE(reply.keep_alive);
}

TEST_F(HttpWire, ANotificationGets200WithAnEmptyBody) {
    auto reply = round_trip(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"notify_hello","params":[7]})"));
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("Content-Length"), "0");
    EXPECT_EQ(reply.body, "");
    // So does an all-notification batch.
    reply = round_trip(HttpProbe::post("/rpc", R"([{"jsonrpc":"2.0","method":"notify_hello","params":[8]}])"));
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.body, "");
    EXPECT_EQ(server.received().all(), (std::vector<std::string>{"notify_hello[7]", "notify_hello[8]"}));
}

TEST_F(HttpWire, InvalidJsonGets200WithAParseError) {
    auto reply = round_trip(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"foobar,"params":"bar","baz])"));
    EXPECT_EQ(reply.status, 200u);
    auto answer = json::parse(reply.body);
    EXPECT_EQ(answer["error"]["code"], -32700);
    EXPECT_EQ(answer["id"], nullptr);
    EXPECT_EQ(json::parse(round_trip(HttpProbe::post("/rpc", "")).body)["error"]["code"], -32700);
}

TEST_F(HttpWire, TheThreeJsonRpcMediaTypesAreAcceptedAndNoOther) {
    const std::string call = R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":7})";
    for (const auto* type : {"application/json", "application/json-rpc", "application/jsonrequest",
                             "application/json; charset=utf-8", "Application/JSON"}) {
        SCOPED_TRACE(type);
        auto reply = round_trip(HttpProbe::post("/rpc", call, "", type));
        EXPECT_EQ(reply.status, 200u);
        EXPECT_EQ(json::parse(reply.body)["result"], 3);
    }
    EXPECT_EQ(round_trip(HttpProbe::post("/rpc", call, "", "text/plain")).status, 415u);
}

TEST_F(HttpWire, OtherMethodsAndPathsAreRefused) {
    auto get = round_trip("GET /rpc HTTP/1.1\r\nHost: test\r\n\r\n");
    EXPECT_EQ(get.status, 405u);
    EXPECT_EQ(get.header("Allow"), "POST");
    EXPECT_EQ(round_trip(HttpProbe::post("/elsewhere", "{}")).status, 404u);
}

TEST_F(HttpWire, PipelinedRequestsAreAnsweredInOrder) {
    // The first is slow, so the others are read (and could be answered) before it is done.
    probe.write(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"sleep","params":[100],"id":1})") +
                HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"notify_hello","params":[1]})") +
                "GET /nowhere HTTP/1.1\r\nHost: test\r\n\r\n" +
                HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":3})"));
    auto first = probe.read(), second = probe.read(), third = probe.read(), fourth = probe.read();
    ASSERT_TRUE(first && second && third && fourth);
    EXPECT_EQ(json::parse(first->body)["id"], 1);
    EXPECT_EQ(second->body, "");
    EXPECT_EQ(third->status, 404u);
    EXPECT_EQ(json::parse(fourth->body)["id"], 3);
}

TEST_F(HttpWire, Http10ClientsAreAnsweredThenClosed) {
    const std::string body = R"({"jsonrpc":"2.0","method":"add","params":[2,3],"id":1})";
    auto reply = round_trip("POST /rpc HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(reply.version, 10u);
    EXPECT_EQ(json::parse(reply.body)["result"], 5);
    EXPECT_TRUE(probe.closed_by_peer());
}

// The server's request parser keeps the body itself: a chunked one is joined whole, in order.
TEST_F(HttpWire, AChunkedBodyIsReadWhole) {
    const std::string first = R"({"jsonrpc":"2.0","method":"sub)", second = R"(tract","params":[42,23],"id":9})";
    auto chunk = [](const std::string& data) {
        char size[16];
        std::snprintf(size, sizeof size, "%zx", data.size());
        return std::string(size) + "\r\n" + data + "\r\n";
    };
    auto reply = round_trip("POST /rpc HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n" + chunk(first) + chunk(second) + "0\r\n\r\n");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(json::parse(reply.body), json::parse(R"({"jsonrpc":"2.0","result":19,"id":9})"));
    EXPECT_TRUE(reply.keep_alive);
}

TEST_F(HttpWire, KeepAliveOverHttp10WhenAsked) {
    const std::string body = R"({"jsonrpc":"2.0","method":"add","params":[2,3],"id":1})";
    const auto request = "POST /rpc HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    EXPECT_EQ(json::parse(round_trip(request).body)["result"], 5);
    EXPECT_EQ(json::parse(round_trip(request).body)["result"], 5);
}

TEST_F(HttpWire, ConnectionCloseIsHonoured) {
    auto reply = round_trip(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"add","params":[1,1],"id":1})",
                                          "Connection: close\r\n"));
    EXPECT_FALSE(reply.keep_alive);
    EXPECT_TRUE(probe.closed_by_peer());
}

TEST(HttpLimits, ABodyOverTheLimitGets413AndTheServerServesOthers) {
    ServerOptions options;
    options.peer.protocol.limits.max_message_bytes = 1000;
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    // Only the headers go out: the server refuses on the declared length, without the body.
    probe.write("POST /rpc HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n");
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413u);
    EXPECT_TRUE(probe.closed_by_peer());
    EXPECT_EQ(server.client()->call("add", {1, 2}), 3);
}

TEST(HttpLimits, AChunkedBodyOverTheLimitGets413) {
    ServerOptions options;
    options.peer.protocol.limits.max_message_bytes = 1000;
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    // No length up front: the limit is met while the chunks arrive.
    probe.write("POST /rpc HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" "400\r\n" + std::string(1024, ' ') + "\r\n0\r\n\r\n");
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413u);
    EXPECT_TRUE(probe.closed_by_peer());
    EXPECT_EQ(server.client()->call("add", {1, 2}), 3);
}

TEST(HttpLimits, GarbageGets400AndHugeHeadersGet431) {
    TestServer server(Transport::http4);
    HttpProbe garbage(server.uri());
    garbage.write("\x01\x02 nonsense\r\n\r\n");
    auto reply = garbage.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400u);
    EXPECT_TRUE(garbage.closed_by_peer());

    HttpProbe huge(server.uri());
    huge.write("POST /rpc HTTP/1.1\r\nX-Big: " + std::string(64 * 1024, 'x') + "\r\n\r\n");
    reply = huge.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 431u);
    EXPECT_EQ(server.client()->call("add", {1, 2}), 3);
}

TEST(HttpLimits, AnIdleConnectionIsClosed) {
    ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(200);
    TestServer server(Transport::http4, options);
    HttpProbe idle(server.uri());
    EXPECT_TRUE(idle.closed_by_peer(5s));
}

// The idle timer is armed once, not per request: when it fires it must measure the idle time
// from the last answer, so a connection that keeps calling, for longer than the timeout in all,
// stays open; once it stops, it is closed.
TEST(HttpLimits, AConnectionThatKeepsCallingIsNotIdle) {
    ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(300);
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    for (int i = 0; i < 10; ++i) {  // 10 x 100 ms: more than three idle timeouts in all
        probe.write(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})"));
        auto reply = probe.read();
        ASSERT_TRUE(reply) << "closed after " << i << " calls";
        EXPECT_EQ(reply->status, 200u);
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(probe.closed_by_peer(5s));
}

/// A server answering POST /rpc with a fixed status and nothing else.
HttpHandler fixed(unsigned status) {
    return [status](const HttpRequest&) { return HttpResponse{status, "text/plain", {}, {}}; };
}

TEST(HttpClient, Accepts200EmptyAnd204ForNotifications) {
    for (unsigned status : {200u, 204u}) {
        SCOPED_TRACE(status);
        Dispatcher none;
        Server server(none);
        server.add_http_route("/quiet", fixed(status));
        auto uri = server.listen("http://127.0.0.1:0/rpc");
        server.start();
        Client client(uri.substr(0, uri.size() - 4) + "/quiet");
        client.notify("anything", {1});
        EXPECT_TRUE(client.send_batch(Batch().notify("a").notify("b")).empty());
        client.notify("more");
        CallOptions quick;
        quick.timeout = 300ms;  // no answer ever comes to a call here; it times out, not fails
        EXPECT_THROW(client.call("x", nullptr, quick), TimeoutError);
        EXPECT_TRUE(client.is_connected());
    }
}

TEST(HttpClient, AnHttpErrorStatusFailsTheCallsWithConnectionError) {
    TestServer server(Transport::http4);
    auto uri = server.uri().substr(0, server.uri().size() - 4) + "/wrong";
    Client client(uri);
    try {
        client.call("add", {1, 2});
        FAIL() << "no failure";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("HTTP 404 Not Found"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace rpcforge::test
