#include "http/gzip.hpp"
#include "http/http_rules.hpp"

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

}  // namespace
}  // namespace rpcforge::detail
