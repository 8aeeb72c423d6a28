// Hostile and broken input over real sockets: every case gets the error the specification
// names (or a clear refusal), and the server goes on serving everyone.

#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <random>

namespace rpcforge::test {
namespace {

constexpr const char* add_call = R"({"jsonrpc": "2.0", "method": "add", "params": [2, 3], "id": 99})";

json receive_json(RawChannel& channel) {
    auto text = channel.receive(10s);
    EXPECT_TRUE(text) << "no answer";
    return text ? json::parse(*text) : json();
}

void expect_error(RawChannel& channel, int code, const std::string& data = "") {
    auto answer = receive_json(channel);
    EXPECT_EQ(answer.value("error", json()).value("code", 0), code) << answer;
    EXPECT_TRUE(answer.at("id").is_null()) << answer;
    if (!data.empty()) {
        EXPECT_EQ(answer["error"].value("data", json()), data) << answer;
    }
}

/// The connection, and the server, still answer a plain call.
void expect_still_serving(RawChannel& channel) {
    channel.send(add_call);
    EXPECT_EQ(receive_json(channel), json::parse(R"({"jsonrpc": "2.0", "result": 5, "id": 99})"));
}

void expect_server_serving(TestServer& server) { EXPECT_EQ(server.client()->call("add", {1, 2}), 3); }

TEST(Limits, AHundredMegabyteMessageIsRefusedWithoutBeingStored) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    std::string chunk(1 << 20, 'x');
    ASSERT_TRUE(stream.write_raw("[\""));
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(stream.write_raw(chunk));
    ASSERT_TRUE(stream.write_raw("\"]\n"));
    expect_error(stream, error_code::invalid_request, "message exceeds the limit of 8388608 bytes");
    expect_still_serving(stream);
    expect_server_serving(server);
}

TEST(Limits, MessageSizeLimitIsSettable) {
    ServerOptions options;
    options.peer.protocol.limits.max_message_bytes = 64;
    TestServer server(Transport::tcp4_content_length, options);
    RawStream stream(server.uri());
    std::string fits = R"({"jsonrpc":"2.0","method":"echo","params":["x"],"id":1})";
    fits.insert(fits.size() - 1, std::string(64 - fits.size(), ' '));
    ASSERT_EQ(fits.size(), 64u);
    stream.send(fits);
    EXPECT_EQ(receive_json(stream).at("result"), "x");
    stream.send(fits + " ");
    expect_error(stream, error_code::invalid_request, "message exceeds the limit of 64 bytes");
    expect_still_serving(stream);
}

TEST(Limits, AMillionNestedArraysAreRefused) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    std::string deep(1'000'000, '[');
    deep.append(1'000'000, ']');
    stream.send(deep);  // 2 MB: within the size limit, far over the depth limit
    expect_error(stream, error_code::invalid_request, "nesting deeper than 128 levels");
    expect_still_serving(stream);
}

TEST(Limits, NestingLimitIsSettable) {
    ServerOptions options;
    options.peer.protocol.limits.max_depth = 3;
    TestServer server(Transport::unix_socket, options);
    RawStream stream(server.uri());
    stream.send(R"({"jsonrpc": "2.0", "method": "echo", "params": [[1]], "id": 1})");
    EXPECT_EQ(receive_json(stream).at("result"), json::array({1}));
    stream.send(R"({"jsonrpc": "2.0", "method": "echo", "params": [[[1]]], "id": 1})");
    expect_error(stream, error_code::invalid_request, "nesting deeper than 3 levels");
}

TEST(Limits, BatchSizeLimitIsSettable) {
    ServerOptions options;
    options.peer.protocol.limits.max_batch = 3;
    TestServer server(Transport::tcp4, options);
    RawStream stream(server.uri());
    std::string call = R"({"jsonrpc": "2.0", "method": "add", "params": [1, 1], "id": 1})";
    stream.send("[" + call + "," + call + "," + call + "]");
    EXPECT_EQ(receive_json(stream).size(), 3u);
    stream.send("[" + call + "," + call + "," + call + "," + call + "]");
    expect_error(stream, error_code::invalid_request, "batch of 4 exceeds the limit of 3");
}

TEST(Limits, APeerThatSendsButNeverReadsIsHeldBackNotBuffered) {
    ServerOptions options;
    options.peer.protocol.limits.max_queued_messages = 8;
    options.peer.protocol.limits.max_queued_write_bytes = 64 * 1024;
    TestServer server(Transport::tcp4, options);
    RawStream greedy(server.uri());
    auto request = json{{"jsonrpc", "2.0"}, {"method", "echo"}, {"params", {std::string(1024, 'x')}}, {"id", 1}};
    // Were the server to read on regardless, all 256 MiB would go through and its answers
    // pile up in its memory. Held back, it stops reading once socket buffers are full.
    auto written = greedy.write_until_stalled(to_wire(request) + "\n", 256u << 20, 1s);
    EXPECT_LT(written, 64u << 20);
    // What was sent whole is answered once the client reads.
    EXPECT_EQ(receive_json(greedy).at("result"), request["params"][0]);
    expect_server_serving(server);
}

TEST(BadInput, InvalidUtf8IsAParseError) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    stream.send("{\"jsonrpc\": \"2.0\", \"method\": \"echo\", \"params\": [\"\xc3\x28\"], \"id\": 1}");
    expect_error(stream, error_code::parse_error);
    expect_still_serving(stream);
}

TEST(BadInput, TruncatedMessageThenEndOfInputIsDroppedQuietly) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    ASSERT_TRUE(stream.write_raw(std::string(add_call) + "\n" + R"({"jsonrpc": "2.0", "method": "ad)"));
    stream.shutdown_send();
    EXPECT_EQ(receive_json(stream).at("result"), 5);  // what came whole is still answered
    EXPECT_TRUE(stream.closed_by_peer());
    expect_server_serving(server);
}

TEST(BadInput, TruncatedLineIsAParseError) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    stream.send(R"({"jsonrpc": "2.0", "method": "add", "params": [2,)");
    expect_error(stream, error_code::parse_error);
    expect_still_serving(stream);
}

TEST(BadInput, PeerDisconnectingMidMessageHurtsNoOne) {
    TestServer server(Transport::unix_socket);
    auto bystander = server.client();
    for (int i = 0; i < 20; ++i) {
        RawStream stream(server.uri());
        ASSERT_TRUE(stream.write_raw(R"({"jsonrpc": "2.0", "method": "sleep", "params": [)"));
        stream.close();
    }
    {
        RawStream stream(server.uri());  // leaves with an answer still to come
        stream.send(R"({"jsonrpc": "2.0", "method": "sleep", "params": [50], "id": 1})");
    }
    EXPECT_EQ(bystander->call("add", {1, 2}), 3);
    expect_server_serving(server);
}

TEST(BadInput, GarbageBytesGetParseErrorsAndTheConnectionLives) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    std::mt19937 random(42);
    std::string garbage(64 * 1024, '\0');
    for (auto& byte : garbage) byte = static_cast<char>(random());
    ASSERT_TRUE(stream.write_raw(garbage + "\n"));
    stream.send(add_call);
    // Every line of garbage is answered with an error; then the call is answered.
    for (int answers = 0;; ++answers) {
        ASSERT_LT(answers, 10000);
        auto answer = receive_json(stream);
        if (answer.value("id", json()) == 99) {
            EXPECT_EQ(answer.at("result"), 5);
            break;
        }
        EXPECT_EQ(answer.at("error").at("code"), error_code::parse_error) << answer;
    }
    expect_server_serving(server);
}

TEST(BadInput, BrokenContentLengthHeaderClosesWithAParseError) {
    TestServer server(Transport::tcp4_content_length);
    RawStream stream(server.uri());
    ASSERT_TRUE(stream.write_raw("Content-Length: lots\r\n\r\n{}"));
    expect_error(stream, error_code::parse_error, "frame headers without a valid Content-Length");
    EXPECT_TRUE(stream.closed_by_peer());
    expect_server_serving(server);
}

TEST(BadInput, ResponsesNobodyAskedForAreIgnored) {
    TestServer server(Transport::tcp4);
    RawStream stream(server.uri());
    stream.send(R"({"jsonrpc": "2.0", "result": 1, "id": 12345})");
    stream.send(R"({"jsonrpc": "2.0", "error": {"code": 1, "message": "x"}, "id": null})");
    expect_still_serving(stream);
}

}  // namespace
}  // namespace rpcforge::test
