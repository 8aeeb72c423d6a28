// WebSocket (ws://, wss://) beyond what every transport does (transport_test.cpp): the
// upgrade request in the call context, refused paths and plain HTTP, oversized frames.

#include "support/http_probe.hpp"
#include "support/transports.hpp"

#include <gtest/gtest.h>

namespace rpcforge::test {
namespace {

TEST(WebSocket, HandlersSeeTheUpgradeRequestHeaders) {
    TestServer server(Transport::ws4);
    server.dispatcher().add("who", [](CallContext& context) {
        const auto* agent = context.header("User-Agent");
        const auto* token = context.header("X-Token");
        return json{context.transport(), agent ? *agent : "", token ? *token : "", context.set_header("X-No", "1")};
    });
    ClientOptions options;
    options.http.headers.add("X-Token", "abc");
    EXPECT_EQ(server.client(options)->call("who"), json::parse(R"(["ws", "rpcforge", "abc", false])"));
}

TEST(WebSocket, OtherPathsAndPlainHttpAreRefused) {
    TestServer server(Transport::ws4);
    auto base = server.uri().substr(0, server.uri().size() - 4);
    EXPECT_THROW(Client(base + "/elsewhere"), ConnectionError);
    HttpProbe probe("http" + server.uri().substr(2));
    probe.write("GET /rpc HTTP/1.1\r\nHost: t\r\n\r\n");
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 426u);
    EXPECT_EQ(server.client()->call("add", {1, 2}), 3);
}

TEST(WebSocket, AFrameOverTheLimitIsRefusedAndTheServerServesOthers) {
    ServerOptions options;
    options.peer.protocol.limits.max_message_bytes = 1000;
    TestServer server(Transport::ws4, options);
    ClientOptions quick;
    quick.peer.call_timeout = 5s;
    auto client = server.client(quick);
    EXPECT_THROW(client->call("echo", {std::string(5000, 'x')}), std::exception);
    EXPECT_EQ(server.client()->call("add", {1, 2}), 3);
}

}  // namespace
}  // namespace rpcforge::test
