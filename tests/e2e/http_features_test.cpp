// What an HTTP server offers beside plain JSON-RPC: several services and plain routes on one
// port, static files, CORS, gzip both ways, JSONP, and headers and cookies both ways.

#include "support/http_probe.hpp"
#include "support/transports.hpp"
#include "transport/http/gzip.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace rpcforge::test {
namespace {

const std::string add_call = R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":1})";

HttpReply round_trip(HttpProbe& probe, const std::string& request) {
    probe.write(request);
    auto reply = probe.read();
    if (!reply) throw std::runtime_error("no response");
    return *reply;
}

TEST(HttpSite, ServicesOnSeveralPathsRoutesAndStaticFiles) {
    auto root = std::filesystem::temp_directory_path() / ("rpcforge-site-" + std::to_string(getpid()));
    std::filesystem::create_directories(root / "css");
    std::ofstream(root / "index.html") << "<h1>hello</h1>";
    std::ofstream(root / "css" / "site.css") << "h1 {}";

    Dispatcher second;
    second.add("whoami", [] { return "the second service"; });
    TestServer server(Transport::http4);
    server.server().add_http_service("/api2", second);
    server.server().add_http_route("/health", [](const HttpRequest& request) {
        return HttpResponse{200, "text/plain", {}, "ok " + request.method + " " + request.query};
    });
    server.server().add_http_route("/static/", static_files(root));

    HttpProbe probe(server.uri());
    EXPECT_EQ(json::parse(round_trip(probe, HttpProbe::post("/rpc", add_call)).body)["result"], 3);
    auto whoami = round_trip(probe, HttpProbe::post("/api2", R"({"jsonrpc":"2.0","method":"whoami","id":1})"));
    EXPECT_EQ(json::parse(whoami.body)["result"], "the second service");
    // Each path has its own methods.
    EXPECT_EQ(json::parse(round_trip(probe, HttpProbe::post("/api2", add_call)).body)["error"]["code"], -32601);
    EXPECT_EQ(round_trip(probe, "GET /health?full=1 HTTP/1.1\r\nHost: t\r\n\r\n").body, "ok GET full=1");

    auto index = round_trip(probe, "GET /static/ HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(index.status, 200u);
    EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.body, "<h1>hello</h1>");
    EXPECT_EQ(round_trip(probe, "GET /static/css/site.css HTTP/1.1\r\nHost: t\r\n\r\n").body, "h1 {}");
    probe.write("HEAD /static/css/site.css HTTP/1.1\r\nHost: t\r\n\r\n");
    auto head = probe.read(5s, true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->header("Content-Length"), "5");
    EXPECT_EQ(head->body, "");
    for (const auto* outside : {"/static/../index.html", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/nothing.txt",
                                "/static/css"}) {
        SCOPED_TRACE(outside);
        EXPECT_EQ(round_trip(probe, std::string("GET ") + outside + " HTTP/1.1\r\nHost: t\r\n\r\n").status, 404u);
    }
    std::filesystem::remove_all(root);
}

ServerOptions with_cors() {
    ServerOptions options;
    options.http.cors.allowed_origins = {"https://app.example"};
    options.http.cors.allow_credentials = true;
    return options;
}

TEST(HttpCors, PreflightIsAnsweredForAnAllowedOrigin) {
    TestServer server(Transport::http4, with_cors());
    HttpProbe probe(server.uri());
    auto reply = round_trip(probe, "OPTIONS /rpc HTTP/1.1\r\nHost: t\r\nOrigin: https://app.example\r\n"
                                 "Access-Control-Request-Method: POST\r\n"
                                 "Access-Control-Request-Headers: content-type\r\n\r\n");
    EXPECT_EQ(reply.status, 204u);
    EXPECT_EQ(reply.header("Access-Control-Allow-Origin"), "https://app.example");
    EXPECT_EQ(reply.header("Access-Control-Allow-Methods"), "POST, OPTIONS");
    EXPECT_EQ(reply.header("Access-Control-Allow-Headers"), "Content-Type, Authorization");
    EXPECT_EQ(reply.header("Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(reply.header("Access-Control-Max-Age"), "600");

    auto call = round_trip(probe, HttpProbe::post("/rpc", add_call, "Origin: https://app.example\r\n"));
    EXPECT_EQ(call.status, 200u);
    EXPECT_EQ(call.header("Access-Control-Allow-Origin"), "https://app.example");
    EXPECT_EQ(json::parse(call.body)["result"], 3);
}

TEST(HttpCors, AnOriginNotAllowedIsRefused) {
    TestServer server(Transport::http4, with_cors());
    HttpProbe probe(server.uri());
    auto preflight = round_trip(probe, "OPTIONS /rpc HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\n\r\n");
    EXPECT_EQ(preflight.status, 403u);
    EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), "");
    auto call = round_trip(probe, HttpProbe::post("/rpc", add_call, "Origin: https://evil.example\r\n"));
    EXPECT_EQ(call.status, 403u);
    // A request without an Origin is no browser's, and CORS does not concern it.
    EXPECT_EQ(round_trip(probe, HttpProbe::post("/rpc", add_call)).status, 200u);
}

TEST(HttpCors, OffByDefault) {
    TestServer server(Transport::http4);
    HttpProbe probe(server.uri());
    auto call = round_trip(probe, HttpProbe::post("/rpc", add_call, "Origin: https://app.example\r\n"));
    EXPECT_EQ(call.status, 200u);
    EXPECT_EQ(call.count("Access-Control-Allow-Origin"), 0u);
}

std::string echo_call(std::size_t size) {
    return json{{"jsonrpc", "2.0"}, {"method", "echo"}, {"params", {std::string(size, 'a')}}, {"id", 1}}.dump();
}

TEST(HttpGzip, LargeAnswersAreCompressedWhenAccepted) {
    TestServer server(Transport::http4);
    HttpProbe probe(server.uri());
    auto big = round_trip(probe, HttpProbe::post("/rpc", echo_call(5000), "Accept-Encoding: deflate, gzip\r\n"));
    EXPECT_EQ(big.header("Content-Encoding"), "gzip");
    EXPECT_LT(big.body.size(), 1000u);
    auto inflated = detail::gunzip(big.body, 1 << 20);
    ASSERT_TRUE(inflated);
    EXPECT_EQ(json::parse(*inflated)["result"], std::string(5000, 'a'));

    auto small = round_trip(probe, HttpProbe::post("/rpc", echo_call(10), "Accept-Encoding: gzip\r\n"));
    EXPECT_EQ(small.count("Content-Encoding"), 0u);
    auto refused = round_trip(probe, HttpProbe::post("/rpc", echo_call(5000), "Accept-Encoding: gzip;q=0\r\n"));
    EXPECT_EQ(refused.count("Content-Encoding"), 0u);
    auto unasked = round_trip(probe, HttpProbe::post("/rpc", echo_call(5000)));
    EXPECT_EQ(unasked.count("Content-Encoding"), 0u);
}

TEST(HttpGzip, SwitchedOffPerMethod) {
    TestServer server(Transport::http4);
    server.dispatcher().add("secret", {"text"}, [](std::string text) { return text; });
    server.dispatcher().never_compress("secret");
    HttpProbe probe(server.uri());
    auto call = json{{"jsonrpc", "2.0"}, {"method", "secret"}, {"params", {std::string(5000, 's')}}, {"id", 1}}.dump();
    auto reply = round_trip(probe, HttpProbe::post("/rpc", call, "Accept-Encoding: gzip\r\n"));
    EXPECT_EQ(reply.count("Content-Encoding"), 0u);
    EXPECT_EQ(json::parse(reply.body)["result"], std::string(5000, 's'));
}

TEST(HttpGzip, CompressedRequestBodiesAreAccepted) {
    ServerOptions options;
    options.peer.protocol.limits.max_message_bytes = 100000;
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    auto reply = round_trip(probe, HttpProbe::post("/rpc", detail::gzip(add_call), "Content-Encoding: gzip\r\n"));
    EXPECT_EQ(json::parse(reply.body)["result"], 3);
    EXPECT_EQ(round_trip(probe, HttpProbe::post("/rpc", "not gzip", "Content-Encoding: gzip\r\n")).status, 400u);
    // Small on the wire, too large once inflated: refused without inflating it whole.
    auto bomb = detail::gzip(std::string(10'000'000, ' '));
    ASSERT_LT(bomb.size(), 100000u);
    EXPECT_EQ(round_trip(probe, HttpProbe::post("/rpc", bomb, "Content-Encoding: gzip\r\n")).status, 400u);
    EXPECT_EQ(round_trip(probe, HttpProbe::post("/rpc", add_call, "Content-Encoding: br\r\n")).status, 415u);
}

TEST(HttpGzip, TheClientSendsAcceptEncodingAndReadsCompressedAnswers) {
    TestServer server(Transport::http4);
    server.dispatcher().add("encoding", [](CallContext& context) {
        const auto* accepted = context.header("Accept-Encoding");
        return accepted ? *accepted : "";
    });
    auto client = server.client();
    EXPECT_EQ(client->call("encoding"), "gzip");
    EXPECT_EQ(client->call("echo", {std::string(100000, 'z')}), std::string(100000, 'z'));
}

TEST(HttpJsonp, GetCallsAMethodWithNamedParamsWhenEnabled) {
    ServerOptions options;
    options.http.jsonp = true;
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    auto reply = round_trip(probe, "GET /rpc/subtract?minuend=42&subtrahend=23&jsonp=show HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(reply.body, "show(19);");
    EXPECT_EQ(round_trip(probe, "GET /rpc/echo?value=hello%20there&callback=cb HTTP/1.1\r\nHost: t\r\n\r\n").body,
              R"(cb("hello there");)");
    auto failure = round_trip(probe, "GET /rpc/nothing?jsonp=cb HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(failure.body, R"(cb(null, {"code":-32601,"message":"Method not found"});)");
    // The callback is written into a script: only a plain name is taken.
    EXPECT_EQ(round_trip(probe, "GET /rpc/echo?value=1&jsonp=alert(1)// HTTP/1.1\r\nHost: t\r\n\r\n").status, 400u);
    EXPECT_EQ(round_trip(probe, "GET /rpc/echo?value=1 HTTP/1.1\r\nHost: t\r\n\r\n").status, 400u);
}

TEST(HttpJsonp, OffByDefault) {
    TestServer server(Transport::http4);
    HttpProbe probe(server.uri());
    EXPECT_EQ(round_trip(probe, "GET /rpc/subtract?minuend=1&subtrahend=1&jsonp=cb HTTP/1.1\r\nHost: t\r\n\r\n").status,
              404u);
}

void add_session_methods(Dispatcher& dispatcher) {
    dispatcher.add("login", {"user"}, [](CallContext& context, std::string user) {
        EXPECT_TRUE(context.set_cookie("session", "s-" + user));
        EXPECT_TRUE(context.set_header("X-Served-By", "rpcforge-test"));
        return "welcome " + user;
    });
    dispatcher.add("session", [](CallContext& context) {
        const auto* token = context.header("x-token");
        const auto* session = context.cookie("session");
        return json{{"token", token ? *token : ""}, {"session", session ? *session : ""}};
    });
}

TEST(HttpHeadersAndCookies, BothWaysOnTheWire) {
    TestServer server(Transport::http4);
    add_session_methods(server.dispatcher());
    HttpProbe probe(server.uri());
    auto login = round_trip(probe, HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"login","params":["ann"],"id":1})"));
    EXPECT_EQ(login.header("Set-Cookie"), "session=s-ann; Path=/; HttpOnly");
    EXPECT_EQ(login.header("X-Served-By"), "rpcforge-test");
    auto session = round_trip(probe, HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"session","id":2})",
                                                   "X-Token: t0k3n\r\nCookie: theme=dark; session=s-ann\r\n"));
    EXPECT_EQ(json::parse(session.body)["result"], (json{{"token", "t0k3n"}, {"session", "s-ann"}}));
}

TEST(HttpHeadersAndCookies, TheClientSendsItsHeadersAndKeepsCookies) {
    for (auto transport : http_transports()) {
        SCOPED_TRACE(name_of(transport));
        TestServer server(transport);
        add_session_methods(server.dispatcher());
        ClientOptions options;
        options.http.headers.add("X-Token", "from-the-client");
        auto client = server.client(options);
        EXPECT_EQ(client->call("session"), (json{{"token", "from-the-client"}, {"session", ""}}));
        EXPECT_EQ(client->call("login", {"bob"}), "welcome bob");
        EXPECT_EQ(client->call("session"), (json{{"token", "from-the-client"}, {"session", "s-bob"}}));
    }
}

TEST(HttpHeadersAndCookies, OnlyHttpResponsesCarryThem) {
    TestServer server(Transport::tcp4);
    server.dispatcher().add("try", [](CallContext& context) {
        return json{context.set_header("X-A", "b"), context.set_cookie("c", "d"), context.header("X-A") == nullptr};
    });
    EXPECT_EQ(server.client()->call("try"), json::parse("[false, false, true]"));
}

TEST(HttpHeadersAndCookies, HeaderInjectionIsRefused) {
    TestServer server(Transport::http4);
    server.dispatcher().add("inject", [](CallContext& context) {
        context.set_header("X-A", "b\r\nSet-Cookie: evil=1");
        return "not reached";
    });
    HttpProbe probe(server.uri());
    auto reply = round_trip(probe, HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"inject","id":1})"));
    EXPECT_EQ(json::parse(reply.body)["error"]["code"], -32603);
    EXPECT_EQ(reply.count("Set-Cookie"), 0u);
}

}  // namespace
}  // namespace rpcforge::test
