// TLS (tls://): certificates checked both ways, mutual TLS, and the client's identity in the
// call context. Certificates are made at test time (support/certificates.hpp).

#include "support/certificates.hpp"
#include "support/transports.hpp"

#include <gtest/gtest.h>

namespace rpcforge::test {
namespace {

ServerOptions mutual_tls() {
    ServerOptions options;
    options.tls = server_tls(true);
    return options;
}

/// The certificate check of a TLS 1.3 server comes after the client's handshake is done, so a
/// refused client learns it at its first call or at once; either way as a ConnectionError.
void expect_refused(TestServer& server, ClientOptions options) {
    options.connect_timeout = 5s;
    options.peer.call_timeout = 5s;
    EXPECT_THROW(
        {
            auto client = server.client(options);
            client->call("echo", {"let me in"});
        },
        ConnectionError);
}

TEST(Tls, HandlersSeeTheTransportAndTheClientCertificateSubject) {
    TestServer server(Transport::tls4, mutual_tls());
    server.dispatcher().add("whoami", [](CallContext& context) {
        return json{{"transport", context.transport()}, {"subject", context.tls_peer_subject()},
                    {"from_loopback", context.remote_address().rfind("tls://127.0.0.1:", 0) == 0}};
    });
    ClientOptions options;
    options.tls = client_tls(true);
    auto client = server.client(options);
    EXPECT_EQ(client->call("whoami"),
              (json{{"transport", "tls"}, {"subject", "CN=alice,O=rpcforge tests"}, {"from_loopback", true}}));
}

TEST(Tls, WithoutMutualTlsThereIsNoSubject) {
    TestServer server(Transport::tls4);
    server.dispatcher().add("subject", [](CallContext& context) { return context.tls_peer_subject(); });
    ClientOptions options;
    options.tls = client_tls(true);  // offered, but the server did not ask for it
    EXPECT_EQ(server.client(options)->call("subject"), "");
}

TEST(Tls, AClientWithoutACertificateIsRefusedWhenOneIsRequired) {
    TestServer server(Transport::tls4, mutual_tls());
    ClientOptions options;
    options.tls = client_tls(false);
    expect_refused(server, options);
    // The server keeps serving clients that have one.
    options.tls = client_tls(true);
    EXPECT_EQ(server.client(options)->call("echo", {1}), 1);
}

TEST(Tls, ACertificateFromAnUntrustedAuthorityIsRefused) {
    TestServer server(Transport::tls4, mutual_tls());
    ClientOptions options;
    options.tls = client_tls(false);
    options.tls.certificate_file = certificates().rogue_cert;
    options.tls.private_key_file = certificates().rogue_key;
    expect_refused(server, options);
}

TEST(Tls, TheClientRefusesAServerItCannotVerify) {
    TestServer server(Transport::tls4);
    ClientOptions options;
    options.tls.ca_file = certificates().rogue_cert;  // trusts some other authority only
    options.connect_timeout = 5s;
    try {
        Client client(server.uri(), options);
        FAIL() << "connected to a server whose certificate it cannot verify";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("TLS handshake failed"), std::string::npos) << e.what();
    }
}

TEST(Tls, TheClientChecksTheNameInTheServerCertificate) {
    TestServer server(Transport::tls4);
    auto port = server.uri().substr(server.uri().rfind(':'));
    ClientOptions options;
    options.tls = client_tls();
    EXPECT_EQ(Client("tls://localhost" + port, options).call("echo", {"by name"}), "by name");
    // The certificate names 127.0.0.1, ::1 and localhost; reached as 127.0.0.2 it is refused.
    // (The server listens on 127.0.0.1 only, so that one is reached through a second listener.)
    auto other = server.server().listen("tls://127.0.0.2:0");
    options.connect_timeout = 5s;
    EXPECT_THROW(Client(other, options), ConnectionError);
}

TEST(Tls, ServerWithoutCertificateOrWithBadFilesDoesNotListen) {
    Dispatcher dispatcher;
    Server plain(dispatcher);
    EXPECT_THROW(plain.listen("tls://127.0.0.1:0"), std::invalid_argument);
    ServerOptions options;
    options.tls = server_tls();
    options.tls.private_key_file = certificates().client_key;  // not the certificate's key
    Server mismatched(dispatcher, options);
    EXPECT_THROW(mismatched.listen("tls://127.0.0.1:0"), std::invalid_argument);
}

TEST(Tls, AClientThatNeverHandshakesIsDroppedAfterTheTimeout) {
    ServerOptions options;
    options.tls = server_tls();
    options.tls.handshake_timeout = 200ms;
    TestServer server(Transport::tls4, options);
    RawStream silent("tcp" + server.uri().substr(3));  // plain TCP to the TLS port, saying nothing
    EXPECT_TRUE(silent.closed_by_peer(5s));
    EXPECT_EQ(server.client()->call("echo", {"still serving"}), "still serving");
}

}  // namespace
}  // namespace rpcforge::test
