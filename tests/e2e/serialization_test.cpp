// CBOR and MessagePack: negotiated by Content-Type over HTTP and by subprotocol over
// WebSocket, answered in the serialisation asked for; through rpcforge's own client, and byte
// for byte on the wire.

#include "support/http_probe.hpp"
#include "support/transports.hpp"
#include "transport/http/gzip.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <gtest/gtest.h>

#include <latch>
#include <thread>

namespace rpcforge::test {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

std::string name_of(Serialization serialization) {
    return serialization == Serialization::cbor ? "cbor" : serialization == Serialization::msgpack ? "msgpack" : "json";
}

std::string to_bytes(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

std::string cbor(const json& value) { return to_bytes(json::to_cbor(value)); }

// ---- through rpcforge's client, on every transport that carries them ----------------------

using Case = std::tuple<Transport, Serialization>;

class InBinary : public ::testing::TestWithParam<Case> {
protected:
    TestServer server{std::get<0>(GetParam())};

    std::unique_ptr<Client> client(ClientOptions options = {}) {
        options.http.serialization = std::get<1>(GetParam());
        return server.client(std::move(options));
    }
};

TEST_P(InBinary, CallsNotificationsAndBatches) {
    server.dispatcher().add("serialization", [](CallContext& context) { return name_of(context.message.serialization); });
    auto client = this->client();
    EXPECT_EQ(client->call("subtract", {{"minuend", 42}, {"subtrahend", 23}}).get<int>(), 19);
    EXPECT_EQ(client->call("echo", {"text ünicode"}).get<std::string>(), "text ünicode");
    EXPECT_EQ(client->call("echo", {json::parse(R"({"a":[1.5,-2,null,true]})")}), json::parse(R"({"a":[1.5,-2,null,true]})"));
    EXPECT_EQ(client->call("serialization"), name_of(std::get<1>(GetParam())));
    try {
        client->call("fail", {-32001, "no"});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), -32001);
    }
    client->notify("notify_hello", {1});
    auto answers = client->send_batch(Batch().call("sum", {1, 2, 4}).notify("notify_hello", {2}).call("add", {1, 1}));
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].get(), 7);
    EXPECT_EQ(answers[1].get(), 2);
    EXPECT_EQ(client->call("received"), json::parse(R"(["notify_hello[1]", "notify_hello[2]"])"));
}

/// Over WebSocket the server may also call and notify its client.
class InBinaryOverWebSocket : public InBinary {};

TEST_P(InBinaryOverWebSocket, TheServerCallsAndNotifiesTheClientInItsSerialisation) {
    server.dispatcher().add("ask_back", {"question"}, [](CallContext& context, std::string question) {
        context.peer->notify("hint", {{"text", "thinking about " + question}});
        return context.peer->call("answer", {question}).get<std::string>() + "!";
    });
    Dispatcher handlers;
    std::vector<std::string> heard;
    std::latch pushed(1);
    handlers.add_notification("hint", {"text"}, [&heard](std::string text) { heard.push_back(text); });
    handlers.add_notification("news", {"text"}, [&](std::string text) {
        heard.push_back(text);
        pushed.count_down();
    });
    handlers.add("answer", {"question"}, [](std::string question) { return question + " is 42"; });
    ClientOptions options;
    options.handlers = &handlers;
    auto client = this->client(options);
    EXPECT_EQ(client->call("ask_back", {"life"}), "life is 42!");
    auto peers = server.server().peers();
    ASSERT_EQ(peers.size(), 1u);
    peers[0]->notify("news", {"pushed"});
    pushed.wait();
    EXPECT_EQ(heard, (std::vector<std::string>{"thinking about life", "pushed"}));
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return name_of(std::get<0>(info.param)) + "_" + name_of(std::get<1>(info.param));
}

const auto binary_serialisations = ::testing::Values(Serialization::cbor, Serialization::msgpack);

INSTANTIATE_TEST_SUITE_P(Serialization, InBinary,
                         ::testing::Combine(::testing::Values(Transport::http4, Transport::https4, Transport::ws4,
                                                              Transport::wss4),
                                            binary_serialisations),
                         case_name);
INSTANTIATE_TEST_SUITE_P(Serialization, InBinaryOverWebSocket,
                         ::testing::Combine(::testing::Values(Transport::ws4, Transport::wss4), binary_serialisations),
                         case_name);

TEST(Serialization, StreamsRefuseBinarySerialisations) {
    TestServer server(Transport::tcp4);
    ClientOptions options;
    options.http.serialization = Serialization::cbor;
    EXPECT_THROW(server.client(options), std::invalid_argument);
}

// ---- HTTP on the wire -----------------------------------------------------------------------

class BinaryHttpWire : public ::testing::Test {
protected:
    TestServer server{Transport::http4};
    HttpProbe probe{server.uri()};

    HttpReply post(const std::string& body, const std::string& content_type, const std::string& extra = "") {
        probe.write(HttpProbe::post("/rpc", body, extra, content_type));
        auto reply = probe.read();
        if (!reply) throw std::runtime_error("no response");
        return *reply;
    }
};

const json add_call = json::parse(R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":7})");
const json add_answer = json::parse(R"({"jsonrpc":"2.0","result":3,"id":7})");

TEST_F(BinaryHttpWire, EachSerialisationIsAnsweredInItsOwnContentType) {
    auto reply = post(cbor(add_call), "application/cbor");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("Content-Type"), "application/cbor");
    EXPECT_EQ(json::from_cbor(reply.body), add_answer);
    for (const auto* type : {"application/msgpack", "application/x-msgpack"}) {
        reply = post(to_bytes(json::to_msgpack(add_call)), type);
        EXPECT_EQ(reply.header("Content-Type"), type);
        EXPECT_EQ(json::from_msgpack(reply.body), add_answer);
    }
    // Batches and notifications as in JSON.
    reply = post(cbor(json::array({add_call, json::parse(R"({"jsonrpc":"2.0","method":"notify_hello","params":[1]})")})),
                 "application/cbor");
    EXPECT_EQ(json::from_cbor(reply.body), json::array({add_answer}));
    reply = post(cbor(json::parse(R"({"jsonrpc":"2.0","method":"notify_hello","params":[2]})")), "application/cbor");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.body, "");
    // JSON still, and nothing else.
    EXPECT_EQ(json::parse(post(add_call.dump(), "application/json").body), add_answer);
    EXPECT_EQ(post(cbor(add_call), "application/xml").status, 415u);
}

TEST_F(BinaryHttpWire, MalformedCborGetsAParseErrorInCbor) {
    auto bytes = cbor(add_call);
    auto reply = post(bytes.substr(0, bytes.size() - 3), "application/cbor");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("Content-Type"), "application/cbor");
    auto answer = json::from_cbor(reply.body);
    EXPECT_EQ(answer["error"]["code"], -32700);
    EXPECT_EQ(answer["id"], nullptr);
    // JSON text sent as CBOR is not CBOR.
    EXPECT_EQ(json::from_cbor(post(add_call.dump(), "application/cbor").body)["error"]["code"], -32700);
}

TEST_F(BinaryHttpWire, CborBombsAreRefusedAndTheServerGoesOn) {
    // A million nested one-element arrays, and an array that claims 2^32-1 elements.
    std::string deep(1'000'000, '\x81');
    deep += '\0';
    EXPECT_EQ(json::from_cbor(post(deep, "application/cbor").body)["error"]["code"], -32600);
    std::string huge = "\x9a\xff\xff\xff\xff" + std::string(1000, '\0');
    EXPECT_EQ(json::from_cbor(post(huge, "application/cbor").body)["error"]["code"], -32700);
    EXPECT_EQ(json::from_cbor(post(cbor(add_call), "application/cbor").body), add_answer);
}

TEST_F(BinaryHttpWire, GzipAppliesToBinaryBodiesBothWays) {
    auto big_call = json{{"jsonrpc", "2.0"}, {"method", "echo"}, {"params", {std::string(5000, 'x')}}, {"id", 1}};
    auto reply = post(detail::gzip(cbor(big_call)), "application/cbor", "Content-Encoding: gzip\r\nAccept-Encoding: gzip\r\n");
    EXPECT_EQ(reply.header("Content-Encoding"), "gzip");
    auto body = detail::gunzip(reply.body, 1 << 20);
    ASSERT_TRUE(body);
    EXPECT_EQ(json::from_cbor(*body)["result"], std::string(5000, 'x'));
}

// ---- WebSocket on the wire --------------------------------------------------------------------

/// A bare Beast WebSocket client offering the subprotocols given.
class WebSocketProbe {
public:
    WebSocketProbe(const std::string& uri, const std::string& offer) {
        auto endpoint = Endpoint::parse(uri);
        boost::asio::connect(ws_.next_layer(),
                             tcp::resolver(io_).resolve(endpoint.host, std::to_string(endpoint.port)));
        ws_.set_option(websocket::stream_base::decorator([offer](websocket::request_type& request) {
            if (!offer.empty()) request.set(beast::http::field::sec_websocket_protocol, offer);
        }));
        // Asynchronously, as the runtime does: GCC 12 sees uninitialised reads in the
        // synchronous handshake's inlined parser that are not there.
        ws_.async_handshake(response_, endpoint.host, endpoint.path, [](beast::error_code ec) {
            if (ec) throw beast::system_error(ec);
        });
        io_.run();
    }

    std::string chosen() const { return std::string(response_[beast::http::field::sec_websocket_protocol]); }

    /// Sends one message in a binary or text frame; returns the answer and whether it was binary.
    std::pair<std::string, bool> round_trip(const std::string& message, bool binary) {
        ws_.binary(binary);
        ws_.write(boost::asio::buffer(message));
        beast::flat_buffer buffer;
        ws_.read(buffer);
        return {beast::buffers_to_string(buffer.data()), ws_.got_binary()};
    }

private:
    boost::asio::io_context io_;
    websocket::stream<tcp::socket> ws_{io_};
    websocket::response_type response_;
};

TEST(BinaryWebSocketWire, TheSubprotocolPicksTheSerialisationAndTheFrames) {
    TestServer server(Transport::ws4);
    WebSocketProbe cbor_probe(server.uri(), "jsonrpc.cbor");
    EXPECT_EQ(cbor_probe.chosen(), "jsonrpc.cbor");
    auto [answer, binary] = cbor_probe.round_trip(cbor(add_call), true);
    EXPECT_TRUE(binary);
    EXPECT_EQ(json::from_cbor(answer), add_answer);

    // The first known offer wins.
    WebSocketProbe msgpack_probe(server.uri(), "chat.v2, jsonrpc.msgpack, jsonrpc.cbor");
    EXPECT_EQ(msgpack_probe.chosen(), "jsonrpc.msgpack");
    std::tie(answer, binary) = msgpack_probe.round_trip(to_bytes(json::to_msgpack(add_call)), true);
    EXPECT_TRUE(binary);
    EXPECT_EQ(json::from_msgpack(answer), add_answer);
}

TEST(BinaryWebSocketWire, NoKnownSubprotocolIsJsonInTextFrames) {
    TestServer server(Transport::ws4);
    for (const auto* offer : {"", "chat.v2", "jsonrpc.json"}) {
        SCOPED_TRACE(offer);
        WebSocketProbe probe(server.uri(), offer);
        EXPECT_EQ(probe.chosen(), std::string(offer) == "jsonrpc.json" ? "jsonrpc.json" : "");
        auto [answer, binary] = probe.round_trip(add_call.dump(), false);
        EXPECT_FALSE(binary);
        EXPECT_EQ(json::parse(answer), add_answer);
    }
}

TEST(BinaryWebSocketWire, MalformedCborGetsAParseErrorInCbor) {
    TestServer server(Transport::ws4);
    WebSocketProbe probe(server.uri(), "jsonrpc.cbor");
    auto [answer, binary] = probe.round_trip("\xff\x00", true);
    EXPECT_TRUE(binary);
    EXPECT_EQ(json::from_cbor(answer)["error"]["code"], -32700);
}

TEST(BinaryWebSocketWire, AClientFailsClearlyWhenTheServerIgnoresItsSubprotocol) {
    // A WebSocket server that knows no subprotocols: it accepts without choosing one.
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    std::thread server([&] {
        websocket::stream<tcp::socket> ws(acceptor.accept());
        ws.async_accept([](beast::error_code) {});  // asynchronously, see WebSocketProbe
        io.run();
        beast::error_code ignored;
        beast::flat_buffer buffer;
        ws.read(buffer, ignored);  // until the client goes
    });
    ClientOptions options;
    options.http.serialization = Serialization::cbor;
    try {
        Client client("ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/rpc", options);
        FAIL() << "connected";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("did not accept the WebSocket subprotocol jsonrpc.cbor"), std::string::npos)
            << e.what();
    }
    server.join();
}

}  // namespace
}  // namespace rpcforge::test
