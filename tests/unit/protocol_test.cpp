#include <rpcforge/protocol.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace rpcforge {
namespace {

Message one(const std::string& text, ProtocolOptions options = {}) {
    auto incoming = classify(json::parse(text), options);
    EXPECT_EQ(incoming.messages.size(), 1u);
    EXPECT_FALSE(incoming.is_batch);
    return incoming.messages.at(0);
}

Request request(const std::string& text, ProtocolOptions options = {}) {
    auto message = one(text, options);
    EXPECT_TRUE(std::holds_alternative<Request>(message)) << text;
    return std::holds_alternative<Request>(message) ? std::get<Request>(message) : Request{};
}

Invalid invalid(const std::string& text, ProtocolOptions options = {}) {
    auto message = one(text, options);
    EXPECT_TRUE(std::holds_alternative<Invalid>(message)) << text;
    return std::holds_alternative<Invalid>(message) ? std::get<Invalid>(message) : Invalid{nullptr, Error(0, "")};
}

TEST(Protocol, RequestWithPositionalParams) {
    auto r = request(R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})");
    EXPECT_EQ(r.method, "subtract");
    EXPECT_EQ(r.params, json::parse("[42, 23]"));
    EXPECT_EQ(r.id, 1);
    EXPECT_FALSE(r.is_notification);
}

TEST(Protocol, NotificationHasNoId) {
    auto r = request(R"({"jsonrpc": "2.0", "method": "update", "params": {"a": 1}})");
    EXPECT_TRUE(r.is_notification);
    EXPECT_EQ(r.params, json::parse(R"({"a": 1})"));
}

TEST(Protocol, NullIdIsACallNotANotification) {
    auto r = request(R"({"jsonrpc": "2.0", "method": "m", "id": null})");
    EXPECT_FALSE(r.is_notification);
    EXPECT_TRUE(r.id.is_null());
}

TEST(Protocol, IdsOfEveryLegalKindAreKeptExactly) {
    for (const char* id : {"\"abc\"", "\"\"", "0", "-9223372036854775808", "9223372036854775807",
                           "18446744073709551615", "1.5"}) {
        auto r = request(std::string(R"({"jsonrpc": "2.0", "method": "m", "id": )") + id + "}");
        EXPECT_EQ(to_wire(make_result(r.id, 1)), std::string(R"({"jsonrpc":"2.0","result":1,"id":)") + id + "}");
    }
}

TEST(Protocol, StructuredIdIsInvalidAndAnsweredWithNullId) {
    auto bad = invalid(R"({"jsonrpc": "2.0", "method": "m", "id": {"x": 1}})");
    EXPECT_EQ(bad.error.code(), error_code::invalid_request);
    EXPECT_TRUE(bad.id.is_null());
}

TEST(Protocol, InvalidRequestsKeepALegalId) {
    for (const char* text : {R"({"jsonrpc": "2.0", "method": 1, "id": 7})",
                             R"({"jsonrpc": "2.0", "method": "m", "params": "bar", "id": 7})",
                             R"({"jsonrpc": "2.0", "method": "m", "params": null, "id": 7})",
                             R"({"jsonrpc": "1.0", "method": "m", "id": 7})",
                             R"({"jsonrpc": 2.0, "method": "m", "id": 7})",
                             R"({"method": "m", "id": 7})",
                             R"({"jsonrpc": "2.0", "id": 7})"}) {
        auto bad = invalid(text);
        EXPECT_EQ(bad.error.code(), error_code::invalid_request) << text;
        EXPECT_EQ(bad.error.message(), "Invalid Request") << text;
        EXPECT_EQ(bad.id, 7) << text;
    }
}

TEST(Protocol, NonObjectsAreInvalid) {
    for (const char* text : {"1", "\"x\"", "null", "true"}) EXPECT_TRUE(invalid(text).id.is_null()) << text;
}

TEST(Protocol, EmptyBatchIsOneInvalidRequest) {
    auto incoming = classify(json::array(), {});
    EXPECT_FALSE(incoming.is_batch);
    ASSERT_EQ(incoming.messages.size(), 1u);
    EXPECT_EQ(std::get<Invalid>(incoming.messages[0]).error.code(), error_code::invalid_request);
}

TEST(Protocol, BatchOverTheLimitIsOneInvalidRequest) {
    ProtocolOptions options;
    options.limits.max_batch = 2;
    auto incoming = classify(json::parse(R"([{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","method":"b"},
                                             {"jsonrpc":"2.0","method":"c"}])"),
                             options);
    EXPECT_FALSE(incoming.is_batch);
    ASSERT_EQ(incoming.messages.size(), 1u);
    EXPECT_EQ(std::get<Invalid>(incoming.messages[0]).error.data(), "batch of 3 exceeds the limit of 2");
}

TEST(Protocol, BatchKeepsOrderAndMixesKinds) {
    auto incoming = classify(json::parse(R"([{"jsonrpc":"2.0","method":"a","id":1}, 5,
                                             {"jsonrpc":"2.0","result":3,"id":9}])"),
                             {});
    EXPECT_TRUE(incoming.is_batch);
    ASSERT_EQ(incoming.messages.size(), 3u);
    EXPECT_EQ(std::get<Request>(incoming.messages[0]).method, "a");
    EXPECT_TRUE(std::holds_alternative<Invalid>(incoming.messages[1]));
    EXPECT_EQ(std::get<Response>(incoming.messages[2]).result, 3);
}

TEST(Protocol, ResponsesCarryResultOrError) {
    auto ok = std::get<Response>(one(R"({"jsonrpc":"2.0","result":[1],"id":4})"));
    EXPECT_EQ(ok.id, 4);
    EXPECT_EQ(ok.result, json::array({1}));
    EXPECT_FALSE(ok.error);
    auto failed = std::get<Response>(one(R"({"jsonrpc":"2.0","error":{"code":-1,"message":"m","data":[2]},"id":5})"));
    ASSERT_TRUE(failed.error);
    EXPECT_EQ(failed.error->code(), -1);
    EXPECT_EQ(failed.error->data(), json::array({2}));
}

TEST(Protocol, AnErrorCodeBeyondIntIsMalformedNotTruncated) {
    for (const char* code : {"4294968297", "-4294966295", "9223372036854775807", "18446744073709551615"}) {
        auto text = std::string(R"({"jsonrpc":"2.0","error":{"code":)") + code + R"(,"message":"m"},"id":5})";
        auto answer = std::get<Response>(one(text));
        ASSERT_TRUE(answer.error) << code;
        EXPECT_EQ(answer.error->code(), error_code::internal_error) << code;
        EXPECT_STREQ(answer.error->what(), "malformed error object in answer") << code;
        EXPECT_EQ(answer.error->data(), json::parse(text)["error"]) << code;
    }
    auto widest = std::get<Response>(one(R"({"jsonrpc":"2.0","error":{"code":-2147483648,"message":"m"},"id":5})"));
    EXPECT_EQ(widest.error->code(), std::numeric_limits<int>::min());
}

TEST(Protocol, Version1IsRefusedUnlessEnabled) {
    EXPECT_EQ(invalid(R"({"method": "m", "params": [1], "id": 1})").error.code(), error_code::invalid_request);
    ProtocolOptions v1;
    v1.accept_v1 = true;
    auto call = request(R"({"method": "m", "params": [1], "id": 1})", v1);
    EXPECT_EQ(call.version, Version::v1);
    EXPECT_FALSE(call.is_notification);
    EXPECT_TRUE(request(R"({"method": "m", "params": [], "id": null})", v1).is_notification);
    EXPECT_EQ(invalid(R"({"method": "m", "params": {"a": 1}, "id": 1})", v1).error.code(), error_code::invalid_request);
}

TEST(Protocol, AnswersInBothVersions) {
    EXPECT_EQ(make_result(1, "x"), json::parse(R"({"jsonrpc":"2.0","result":"x","id":1})"));
    EXPECT_EQ(make_result(1, "x", Version::v1), json::parse(R"({"result":"x","error":null,"id":1})"));
    Error error(-32601, "Method not found");
    EXPECT_EQ(make_error("a", error), json::parse(R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"a"})"));
    EXPECT_EQ(make_error("a", error, Version::v1),
              json::parse(R"({"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"a"})"));
}

TEST(Protocol, BuildsRequestsAndNotifications) {
    EXPECT_EQ(make_request("m", nullptr, 3), json::parse(R"({"jsonrpc":"2.0","method":"m","id":3})"));
    EXPECT_EQ(make_notification("n", json::array({1})), json::parse(R"({"jsonrpc":"2.0","method":"n","params":[1]})"));
}

}  // namespace
}  // namespace rpcforge
