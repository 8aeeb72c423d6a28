// rpc_wire_response() writes the common JSON-RPC answer out directly; these hold it to the very
// bytes the general path (beast's fields, then append_head) gives, in every shape a request can
// give its response.

#include "transport/http/http_responses.hpp"
#include "transport/http/http_rules.hpp"

#include <gtest/gtest.h>

namespace rpcforge::detail {
namespace {

struct Case {
    const char* name;
    ResponseShape shape;
    bool with_answer = true;
    bool with_headers = false;
    bool credentials = false;
    const char* request_type = "application/json";
    bool gzip = true;
};

ResponseShape shape(unsigned version, bool keep_alive, bool head = false, std::string cors_origin = "",
                    bool gzip_accepted = false) {
    ResponseShape shape;
    shape.version = version;
    shape.keep_alive = keep_alive;
    shape.head = head;
    shape.cors_origin = std::move(cors_origin);
    shape.gzip_accepted = gzip_accepted;
    return shape;
}

std::vector<Case> cases() {
    std::vector<Case> all;
    all.push_back({"plain", {}});
    all.push_back({"notification (no answer)", {}, false});
    all.push_back({"HTTP/1.1 closing", shape(11, false)});
    all.push_back({"HTTP/1.0 keep-alive", shape(10, true)});
    all.push_back({"HTTP/1.0 closing", shape(10, false)});
    all.push_back({"HEAD", shape(11, true, true)});
    all.push_back({"CORS", shape(11, true, false, "https://app.example")});
    all.push_back({"CORS with credentials", shape(11, true, false, "https://app.example"), true, false, true});
    all.push_back({"handler headers and cookies", {}, true, true});
    all.push_back({"JSON-RPC media type", {}, true, false, false, "application/json-rpc; charset=utf-8"});
    all.push_back({"gzip accepted, answer too small", shape(11, true, false, "", true)});
    all.push_back({"CORS without gzip", shape(11, true, false, "https://app.example"), true, false, false,
                   "application/json", false});
    return all;
}

TEST(RpcWireResponse, WritesWhatTheGeneralPathWrites) {
    for (const auto& c : cases()) {
        HttpServerOptions options;
        options.cors.allow_credentials = c.credentials;
        options.gzip = c.gzip;
        MessageContext context;
        auto shape = c.shape;
        shape.answer_type = answer_media_type(c.request_type);
        if (c.with_headers) {
            context.response_headers.add("X-Request-Id", "42");
            context.response_headers.add("Set-Cookie", "session=abc; HttpOnly");
        }
        std::optional<std::string> answer;
        if (c.with_answer) answer = R"({"jsonrpc":"2.0","result":3,"id":1})";

        auto direct = rpc_wire_response(shape, context, answer, "", options);
        auto general = wire_of(rpc_response(shape, context, answer, "", options));
        EXPECT_EQ(direct.head, general.head) << c.name;
        EXPECT_EQ(direct.body, general.body) << c.name;
    }
}

// The answer's media type is decided once, from the request, with the rest of its shape.
TEST(ResponseShape, TheAnswerTakesTheRequestsSerialisation) {
    auto answer_type_for = [](const char* content_type) {
        ParsedRequest request;
        request.info.headers.add("Content-Type", content_type);
        return std::string(shape_of(request, HttpServerOptions{}).answer_type);
    };
    EXPECT_EQ(answer_type_for("application/json-rpc; charset=utf-8"), "application/json");
    EXPECT_EQ(answer_type_for("application/cbor"), "application/cbor");
    EXPECT_EQ(answer_type_for("Application/X-MsgPack"), "application/x-msgpack");
    EXPECT_EQ(answer_type_for("application/msgpack"), "application/msgpack");
}

TEST(RpcWireResponse, CompressedAndJsonpAnswersTakeTheGeneralPath) {
    HttpServerOptions options;
    options.gzip_min_bytes = 16;
    MessageContext context;
    std::string big(4096, 'a');
    auto compressed = rpc_wire_response(shape(11, true, false, "", true), context, R"({"result":")" + big + R"("})", "", options);
    EXPECT_NE(compressed.head.find("Content-Encoding: gzip\r\n"), std::string::npos);
    EXPECT_LT(compressed.body.size(), big.size());

    auto script = rpc_wire_response({}, context, R"({"jsonrpc":"2.0","result":3,"id":1})", "show", options);
    EXPECT_NE(script.head.find("text/javascript"), std::string::npos);
    EXPECT_EQ(script.body.rfind("show(", 0), 0u);
}

}  // namespace
}  // namespace rpcforge::detail
