// The defaults a server keeps without being asked, each seen from outside over a real socket:
// TLS 1.2 at least and no renegotiation, static files that stay inside their folder, error
// answers without the text of exceptions thrown outside rpcforge, and no CORS answer that lets
// every site call with credentials. docs/limits.md and docs/http.md say the same in words.

#include "support/certificates.hpp"
#include "support/http_probe.hpp"
#include "support/transports.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace rpcforge::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// ---- TLS -------------------------------------------------------------------------------------

/// A plain OpenSSL client on a blocking socket to the server's port, with the protocol versions
/// it may speak (asio's stream would hide the record layer that renegotiation needs).
class TlsProbe {
public:
    TlsProbe(const std::string& uri, int min_version, int max_version)
        : context_(SSL_CTX_new(TLS_client_method()), SSL_CTX_free) {
        SSL_CTX_set_min_proto_version(context_.get(), min_version);
        SSL_CTX_set_max_proto_version(context_.get(), max_version);
        // Debian's OpenSSL will not offer TLS 1.0/1.1 at its default security level; this
        // probe must offer them, so that a refusal is the server's.
        SSL_CTX_set_security_level(context_.get(), 0);
        SSL_CTX_set_cipher_list(context_.get(), "DEFAULT:@SECLEVEL=0");
        auto endpoint = Endpoint::parse(uri);
        tcp::resolver resolver(io_);
        asio::connect(socket_, resolver.resolve(endpoint.host, std::to_string(endpoint.port)));
        timeval five_seconds{5, 0};  // a server that says nothing fails the test, never hangs it
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &five_seconds, sizeof five_seconds);
        ssl_.reset(SSL_new(context_.get()));
        SSL_set_fd(ssl_.get(), socket_.native_handle());
    }

    /// Whether the handshake succeeded.
    bool handshake() { return SSL_connect(ssl_.get()) == 1; }

    SSL* native() { return ssl_.get(); }

private:
    asio::io_context io_;
    tcp::socket socket_{io_};
    std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> context_;
    std::unique_ptr<SSL, void (*)(SSL*)> ssl_{nullptr, SSL_free};
};

TEST(SecureDefaults, TlsBelowVersion12IsRefused) {
    TestServer server(Transport::tls4);
    TlsProbe old(server.uri(), TLS1_VERSION, TLS1_1_VERSION);
    EXPECT_FALSE(old.handshake()) << "a TLS 1.1 handshake was accepted";

    TlsProbe current(server.uri(), TLS1_2_VERSION, TLS1_2_VERSION);
    EXPECT_TRUE(current.handshake()) << "the same probe at TLS 1.2 must get through";
    EXPECT_EQ(server.client()->call("echo", {"still serving"}), "still serving");
}

TEST(SecureDefaults, TlsRenegotiationIsRefused) {
    TestServer server(Transport::tls4);
    TlsProbe client(server.uri(), TLS1_2_VERSION, TLS1_2_VERSION);  // TLS 1.3 has no renegotiation
    ASSERT_TRUE(client.handshake());
    ASSERT_EQ(SSL_renegotiate(client.native()), 1);
    // The server answers the new ClientHello with a no_renegotiation alert or by closing; either
    // way the renegotiation never completes.
    EXPECT_NE(SSL_do_handshake(client.native()), 1);
    EXPECT_EQ(server.client()->call("echo", {"still serving"}), "still serving");
}

// ---- static files ----------------------------------------------------------------------------

HttpReply round_trip(HttpProbe& probe, const std::string& target) {
    probe.write("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
    auto reply = probe.read();
    if (!reply) throw std::runtime_error("no response to " + target);
    return *reply;
}

class StaticFilesSandbox : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(root / "inner");
        std::filesystem::create_directories(outside);
        std::ofstream(root / "page.txt") << "public";
        std::ofstream(outside / "secret.txt") << "secret";
        std::filesystem::create_symlink(outside / "secret.txt", root / "leak.txt");
        std::filesystem::create_directory_symlink(outside, root / "elsewhere");
        std::filesystem::create_symlink(root / "page.txt", root / "inner" / "alias.txt");  // stays inside
    }
    void TearDown() override { std::filesystem::remove_all(base); }

    std::filesystem::path base =
        std::filesystem::temp_directory_path() / ("rpcforge-sandbox-" + std::to_string(getpid()));
    std::filesystem::path root = base / "site";
    std::filesystem::path outside = base / "private";
};

TEST_F(StaticFilesSandbox, PathsThatLeaveTheRootAreNotFound) {
    TestServer server(Transport::http4);
    server.server().add_http_route("/files/", static_files(root));
    HttpProbe probe(server.uri());
    EXPECT_EQ(round_trip(probe, "/files/page.txt").body, "public");
    EXPECT_EQ(round_trip(probe, "/files/inner/alias.txt").body, "public");
    for (const char* escape :
         {"/files/../private/secret.txt", "/files/%2e%2e/private/secret.txt", "/files/%2E%2E%2Fprivate%2Fsecret.txt",
          "/files/inner/../../private/secret.txt", "/files/..%2f..%2fprivate/secret.txt", "/files/leak.txt",
          "/files/elsewhere/secret.txt", "/files/%2e%2e%5csecret.txt", "/files/page.txt%00.html"}) {
        SCOPED_TRACE(escape);
        auto reply = round_trip(probe, escape);
        EXPECT_EQ(reply.status, 404u);
        EXPECT_EQ(reply.body.find("secret"), std::string::npos);
    }
}

// ---- error answers ---------------------------------------------------------------------------

class ErrorTextOnEveryTransport : public ::testing::TestWithParam<Transport> {};

TEST_P(ErrorTextOnEveryTransport, AnExceptionsTextStaysOnTheServer) {
    TestServer server(GetParam());
    auto raw = server.raw();
    raw->send(R"({"jsonrpc":"2.0","method":"throw_std","params":["password=hunter2 at db:5432"],"id":7})");
    auto answer = raw->receive();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->find("hunter2"), std::string::npos) << *answer;
    EXPECT_EQ(json::parse(*answer), json::parse(R"({"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":7})"));
}

INSTANTIATE_TEST_SUITE_P(SecureDefaults, ErrorTextOnEveryTransport, ::testing::ValuesIn(all_transports()),
                         [](const auto& info) { return name_of(info.param); });

TEST(SecureDefaults, AnExceptionsTextIsSentOnlyWhenTheServerSaysSo) {
    Dispatcher talkative({.expose_exception_messages = true});
    talkative.add("throw_std", {"text"}, [](const std::string& text) -> int { throw std::runtime_error(text); });
    Server server(talkative);
    auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();
    Client client(uri);
    try {
        client.call("throw_std", {"debugging"});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), -32603);
        EXPECT_EQ(e.data(), "debugging");
    }
}

// ---- CORS ------------------------------------------------------------------------------------

TEST(SecureDefaults, AnyOriginIsAnsweredWithAStarAndNeverWithCredentials) {
    ServerOptions options;
    options.http.cors.allowed_origins = {"*"};
    TestServer server(Transport::http4, options);
    HttpProbe probe(server.uri());
    probe.write(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":1})",
                                "Origin: https://anyone.example\r\n"));
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200u);
    EXPECT_EQ(reply->header("Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(reply->count("Access-Control-Allow-Credentials"), 0u);
}

TEST(SecureDefaults, AServerRefusesAnyOriginTogetherWithCredentials) {
    Dispatcher dispatcher;
    ServerOptions options;
    options.http.cors.allowed_origins = {"https://app.example", "*"};
    options.http.cors.allow_credentials = true;
    try {
        Server server(dispatcher, options);
        FAIL() << "the server was made";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("allow_credentials"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace rpcforge::test
