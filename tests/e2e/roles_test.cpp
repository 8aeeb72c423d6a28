// Per-method roles (Dispatcher::require_roles) over real sockets: the identity's roles come
// from its authenticator and from Authentication::grant; a call without one of the method's
// roles never reaches the handler. HTTP answers a refused single call with 403 (401 without an
// identity), a batch with 200 and the member's error; streams and WebSocket with the error.

#include "support/http_probe.hpp"
#include "support/served_dispatcher.hpp"
#include "support/transports.hpp"

#include <rpcforge/auth.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rpcforge::test {
namespace {

namespace fs = std::filesystem;

/// alice's token file gives her "admin"; bob has no role.
class RolesTest : public ::testing::Test {
protected:
    RolesTest() {
        std::ofstream(tokens_) << "t0k3n-alice alice admin\nt0k3n-bob bob\n";
        authentication_->add(bearer_tokens(tokens_));
        served_.dispatcher.add("shutdown", [this] {
            ++shutdowns_;
            return "bye";
        });
        served_.dispatcher.add("status", [] { return "ok"; });
        served_.dispatcher.require_roles("shutdown", {"admin", "operator"});
    }
    ~RolesTest() override { fs::remove(tokens_); }

    void start(const std::string& uri) {
        ServerOptions options;
        options.authentication = authentication_;
        served_.start(uri, options);
    }
    static std::string post_with_token(const std::string& body, const std::string& token) {
        return HttpProbe::post("/rpc", body, token.empty() ? "" : "Authorization: Bearer " + token + "\r\n");
    }

    fs::path tokens_ = fs::temp_directory_path() / ("rpcforge-roles-" + std::to_string(getpid()) + ".txt");
    std::shared_ptr<Authentication> authentication_ = std::make_shared<Authentication>();
    ServedDispatcher served_;
    std::atomic<int> shutdowns_{0};
};

TEST_F(RolesTest, OverHttpARefusedCallIs403WithTheErrorAndAnAllowedOneRuns) {
    start("http://127.0.0.1:0/rpc");
    HttpProbe probe(served_.uri);
    probe.write(post_with_token(R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})", "t0k3n-bob"));
    auto refused = probe.read();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403u);
    EXPECT_EQ(json::parse(refused->body),
              json::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32003,"message":"Forbidden: 'bob' may not call 'shutdown'"}})"));
    EXPECT_EQ(shutdowns_, 0);

    probe.write(post_with_token(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})", "t0k3n-alice"));
    auto allowed = probe.read();
    ASSERT_TRUE(allowed);
    EXPECT_EQ(allowed->status, 200u);
    EXPECT_EQ(json::parse(allowed->body).at("result"), "bye");
    EXPECT_EQ(shutdowns_, 1);
    EXPECT_EQ(served_.dispatcher.refused_calls(), 1u);
}

TEST_F(RolesTest, OverHttpABatchStays200AndOnlyTheRefusedMemberFails) {
    start("http://127.0.0.1:0/rpc");
    HttpProbe probe(served_.uri);
    probe.write(post_with_token(R"([{"jsonrpc":"2.0","id":1,"method":"status"},)"
                                R"({"jsonrpc":"2.0","id":2,"method":"shutdown"}])",
                                "t0k3n-bob"));
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200u);
    auto answers = json::parse(reply->body);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].at("result"), "ok");
    EXPECT_EQ(answers[1].at("error").at("code"), error_code::forbidden);
    EXPECT_EQ(shutdowns_, 0);
}

TEST_F(RolesTest, AnonymousCallersMayCallOpenMethodsAndGet401ForTheOthers) {
    authentication_->allow_anonymous();
    start("http://127.0.0.1:0/rpc");
    HttpProbe probe(served_.uri);
    probe.write(post_with_token(R"({"jsonrpc":"2.0","id":1,"method":"status"})", ""));
    auto open = probe.read();
    ASSERT_TRUE(open);
    EXPECT_EQ(open->status, 200u);
    probe.write(post_with_token(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})", ""));
    auto closed = probe.read();
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->status, 401u);
    EXPECT_EQ(closed->header("WWW-Authenticate"), "Bearer realm=\"rpcforge\"");
    EXPECT_EQ(json::parse(closed->body).at("error").at("code"), error_code::unauthenticated);
    EXPECT_EQ(shutdowns_, 0);
}

TEST_F(RolesTest, OverWebSocketTheClientSeesTheError) {
    start("ws://127.0.0.1:0/rpc");
    ClientOptions bob;
    bob.credentials.bearer_token = "t0k3n-bob";
    auto client = served_.client(bob);
    try {
        client->call("shutdown");
        FAIL() << "bob has no role that shutdown requires";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error_code::forbidden);
    }
    EXPECT_EQ(client->call("status"), "ok");
    EXPECT_EQ(shutdowns_, 0);
}

TEST_F(RolesTest, RolesGrantedInCodeCountToo) {
    authentication_->grant("bob", {"operator"});
    start("http://127.0.0.1:0/rpc");
    ClientOptions bob;
    bob.credentials.bearer_token = "t0k3n-bob";
    EXPECT_EQ(served_.client(bob)->call("shutdown"), "bye");
    EXPECT_EQ(shutdowns_, 1);
}

TEST(Roles, OverUnixSocketsForAPeerUid) {
    auto me = static_cast<unsigned>(getuid());
    for (bool granted : {false, true}) {
        auto authentication = std::make_shared<Authentication>();
        authentication->add(unix_peer_allow_list({me}));
        if (granted) authentication->grant("uid:" + std::to_string(me), {"admin"});
        ServedDispatcher served;
        std::atomic<int> runs{0};
        served.dispatcher.add("reboot", [&] { return ++runs; });
        served.dispatcher.require_roles("reboot", {"admin"});
        ServerOptions options;
        options.authentication = authentication;
        served.start("unix://" + temp_socket_path(), options);
        auto client = served.client();
        if (granted) {
            EXPECT_EQ(client->call("reboot"), 1);
        } else {
            EXPECT_THROW(client->call("reboot"), Error);
            EXPECT_EQ(runs, 0);
        }
    }
}

TEST(Roles, ForAMethodNotRegisteredAreRefused) {
    Dispatcher dispatcher;
    EXPECT_THROW(dispatcher.require_roles("nope", {"admin"}), std::invalid_argument);
}

}  // namespace
}  // namespace rpcforge::test
