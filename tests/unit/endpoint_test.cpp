#include <rpcforge/endpoint.hpp>

#include <gtest/gtest.h>

namespace rpcforge {
namespace {

TEST(Endpoint, Tcp) {
    auto e = Endpoint::parse("tcp://127.0.0.1:7001");
    EXPECT_EQ(e.kind, Endpoint::Kind::tcp);
    EXPECT_EQ(e.host, "127.0.0.1");
    EXPECT_EQ(e.port, 7001);
    EXPECT_EQ(e.framing, Framing::newline);
}

TEST(Endpoint, Ipv6InBrackets) {
    auto e = Endpoint::parse("tcp://[::1]:7001");
    EXPECT_EQ(e.host, "::1");
    EXPECT_EQ(e.to_uri(), "tcp://[::1]:7001");
}

TEST(Endpoint, UnixSocket) {
    auto e = Endpoint::parse("unix:///run/x.sock");
    EXPECT_EQ(e.kind, Endpoint::Kind::unix_socket);
    EXPECT_EQ(e.path, "/run/x.sock");
    EXPECT_EQ(e.to_uri(), "unix:///run/x.sock");
}

TEST(Endpoint, Tls) {
    auto e = Endpoint::parse("tls://[::1]:7002?framing=content-length");
    EXPECT_EQ(e.kind, Endpoint::Kind::tls);
    EXPECT_EQ(e.host, "::1");
    EXPECT_EQ(e.port, 7002);
    EXPECT_EQ(e.to_uri(), "tls://[::1]:7002?framing=content-length");
}

TEST(Endpoint, HttpWithAndWithoutPath) {
    auto e = Endpoint::parse("https://[::1]:8443/api/v2");
    EXPECT_EQ(e.kind, Endpoint::Kind::https);
    EXPECT_EQ(e.host, "::1");
    EXPECT_EQ(e.port, 8443);
    EXPECT_EQ(e.path, "/api/v2");
    EXPECT_TRUE(e.is_tls() && e.is_http());
    EXPECT_EQ(e.to_uri(), "https://[::1]:8443/api/v2");
    EXPECT_EQ(Endpoint::parse("http://localhost:80").path, "/");
    EXPECT_EQ(Endpoint::parse("http://localhost:80").to_uri(), "http://localhost:80/");
    EXPECT_EQ(Endpoint::parse("wss://h:1/ws").kind, Endpoint::Kind::wss);
    EXPECT_TRUE(Endpoint::parse("wss://h:1/ws").is_tls());
    EXPECT_EQ(Endpoint::parse("ws://h:1").to_uri(), "ws://h:1/");
}

TEST(Endpoint, Framing) {
    EXPECT_EQ(Endpoint::parse("tcp://h:1?framing=content-length").framing, Framing::content_length);
    EXPECT_EQ(Endpoint::parse("unix:///s?framing=json").framing, Framing::json);
    EXPECT_EQ(Endpoint::parse("tcp://h:1?framing=json").to_uri(), "tcp://h:1?framing=json");
}

TEST(Endpoint, ErrorsSayWhatIsWrong) {
    auto message = [](const char* uri) {
        try {
            Endpoint::parse(uri);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("127.0.0.1:7001"),
              "bad endpoint '127.0.0.1:7001': missing scheme (expected tcp://HOST:PORT, tcp://[IPV6]:PORT, "
              "tls://HOST:PORT, unix:///PATH, http://HOST:PORT/PATH, https://HOST:PORT/PATH, ws://HOST:PORT/PATH, "
              "wss://HOST:PORT/PATH or stdio:)");
    EXPECT_NE(message("http://h:1/x?framing=json").find("framing is for streams"), std::string::npos);
    EXPECT_NE(message("tcp://127.0.0.1").find("missing port"), std::string::npos);
    EXPECT_NE(message("tcp://127.0.0.1:99999").find("port must be a number"), std::string::npos);
    EXPECT_NE(message("tcp://[::1:80").find("unclosed '['"), std::string::npos);
    EXPECT_NE(message("udp://h:1").find("unsupported scheme 'udp'"), std::string::npos);
    EXPECT_NE(message("tcp://h:1?framing=xml").find("framing must be"), std::string::npos);
    EXPECT_NE(message("unix://").find("missing socket path"), std::string::npos);
    EXPECT_NE(message("stdio:foo").find("stdio: takes nothing but a framing query"), std::string::npos);
    EXPECT_NE(message("stdio:?framing=xml").find("framing must be"), std::string::npos);
}

TEST(Endpoint, Stdio) {
    auto plain = Endpoint::parse("stdio:");
    EXPECT_EQ(plain.kind, Endpoint::Kind::stdio);
    EXPECT_EQ(plain.framing, Framing::newline);
    EXPECT_EQ(plain.to_uri(), "stdio:");
    auto lsp = Endpoint::parse("stdio:?framing=content-length");
    EXPECT_EQ(lsp.framing, Framing::content_length);
    EXPECT_EQ(lsp.to_uri(), "stdio:?framing=content-length");
}

}  // namespace
}  // namespace rpcforge
