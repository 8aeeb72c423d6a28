#include "transport/http/gzip.hpp"
#include "transport/http/http_rules.hpp"

#include <rpcforge/limits.hpp>

#include <gtest/gtest.h>

namespace rpcforge::detail {
namespace {

TEST(HttpRules, AcceptEncodingWithQualities) {
    EXPECT_TRUE(accepts_gzip("gzip"));
    EXPECT_TRUE(accepts_gzip("deflate, GZIP;q=0.5"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("br, deflate"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("*, gzip; q=0"));
}

TEST(HttpRules, CookiesFromEveryCookieHeader) {
    Headers headers;
    headers.add("Cookie", "a=1; b = two ;broken; =x");
    headers.add("cookie", "c=3");
    auto cookies = parse_cookies(headers);
    EXPECT_EQ(cookies, (std::map<std::string, std::string, std::less<>>{{"a", "1"}, {"b", "two"}, {"c", "3"}}));
}

TEST(HttpRules, UrlDecoding) {
    EXPECT_EQ(url_decode("a%20b+c%2F"), "a b c/");
    EXPECT_FALSE(url_decode("%2"));
    EXPECT_FALSE(url_decode("%zz"));
}

TEST(HttpRules, JsonpCallsReadJsonValuesAndRefuseScriptyCallbacks) {
    auto call = jsonp_call("add", "a=1&b=%22two%22&c=three&d=[1,2]&jsonp=my.cb_1");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->callback, "my.cb_1");
    EXPECT_EQ(call->request["params"], json::parse(R"({"a":1,"b":"two","c":"three","d":[1,2]})"));
    EXPECT_FALSE(jsonp_call("add", "a=1"));
    EXPECT_FALSE(jsonp_call("add", "jsonp=x;alert(1)"));
    EXPECT_FALSE(jsonp_call("add", "a=%zz&jsonp=cb"));
    EXPECT_EQ(jsonp_script("cb", json::parse(R"({"result":[1]})")), "cb([1]);");
}

// Found with fuzz_http_request: a query value 8,000 levels deep overflowed the stack.
TEST(HttpRules, JsonpValuesNestedPastTheDefaultDepthAreRefused) {
    const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    const auto deepest = Limits{}.max_depth;
    const auto call = jsonp_call("add", "a=" + nested(deepest) + "&jsonp=cb");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->request["params"]["a"].dump(), nested(deepest));
    EXPECT_FALSE(jsonp_call("add", "a=" + nested(deepest + 1) + "&jsonp=cb"));
    EXPECT_FALSE(jsonp_call("add", "a=" + nested(8000) + "&jsonp=cb"));
}

TEST(HttpRules, MediaTypesNameSerialisations) {
    for (const auto* type : {"application/json", "application/json-rpc", "Application/JSONREQUEST; charset=utf-8"})
        EXPECT_EQ(serialization_of_media_type(type), Serialization::json) << type;
    EXPECT_EQ(serialization_of_media_type("application/cbor"), Serialization::cbor);
    EXPECT_EQ(serialization_of_media_type("application/msgpack"), Serialization::msgpack);
    EXPECT_EQ(serialization_of_media_type(" application/x-msgpack ; q=1"), Serialization::msgpack);
    EXPECT_FALSE(serialization_of_media_type("text/plain"));
    EXPECT_FALSE(serialization_of_media_type(""));
    EXPECT_EQ(answer_media_type("application/json-rpc"), "application/json");
    EXPECT_EQ(answer_media_type("Application/X-MsgPack"), "application/x-msgpack");
    EXPECT_EQ(answer_media_type("application/cbor"), "application/cbor");
    EXPECT_EQ(media_type_of(Serialization::msgpack), "application/msgpack");
}

TEST(HttpRules, TheFirstKnownSubprotocolWins) {
    EXPECT_EQ(first_known_subprotocol("jsonrpc.cbor"), Serialization::cbor);
    EXPECT_EQ(first_known_subprotocol("chat, jsonrpc.msgpack , jsonrpc.json"), Serialization::msgpack);
    EXPECT_EQ(first_known_subprotocol("jsonrpc.json,jsonrpc.cbor"), Serialization::json);
    EXPECT_FALSE(first_known_subprotocol("JSONRPC.CBOR"));  // subprotocols are case-sensitive
    EXPECT_FALSE(first_known_subprotocol(""));
    EXPECT_EQ(subprotocol_of(Serialization::cbor), "jsonrpc.cbor");
}

TEST(HttpRules, GzipRoundTripAndLimits) {
    std::string text(100000, 'x');
    auto packed = gzip(text);
    EXPECT_LT(packed.size(), 1000u);
    EXPECT_EQ(gunzip(packed, text.size()), text);
    EXPECT_FALSE(gunzip(packed, text.size() - 1));
    EXPECT_FALSE(gunzip(packed.substr(0, packed.size() / 2), text.size()));
    EXPECT_FALSE(gunzip("plain", 100));
    EXPECT_FALSE(gunzip(packed + "trailing", text.size()));
}

TEST(HttpRules, GzipOfSeveralMembersIsTheirTextsInOrderUnderOneLimit) {
    auto packed = gzip("first ") + gzip("second ") + gzip("third");
    EXPECT_EQ(gunzip(packed, 100), "first second third");
    EXPECT_FALSE(gunzip(packed, 17));  // the limit counts every member's text
    EXPECT_FALSE(gunzip(packed + "trailing", 100));
    EXPECT_FALSE(gunzip(packed.substr(0, packed.size() - 3), 100));
}

}  // namespace
}  // namespace rpcforge::detail
