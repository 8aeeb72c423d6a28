// Authentication and per-method roles over real sockets: bearer tokens (HTTP and the WebSocket
// upgrade), HTTP Basic against a file made by Apache's htpasswd, mutual TLS allow-lists, Unix
// peer uids; refused calls never reach the handler, failures are counted, the identity is in
// the handler's context, and clients send their credentials from ClientOptions.

#include "support/http_probe.hpp"
#include "support/served_dispatcher.hpp"
#include "support/transports.hpp"

#include <rpcforge/auth.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rpcforge::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A file of its own in the temporary folder, removed with the object.
class TempFile {
public:
    explicit TempFile(const std::string& text = "") {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("rpcforge-auth-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".txt");
        std::ofstream(path_) << text;
    }
    ~TempFile() { fs::remove(path_); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// Apache's own htpasswd (Debian apache2-utils) makes the bcrypt hashes, not this code.
void htpasswd(const fs::path& file, const std::string& user, const std::string& password) {
    auto command = "htpasswd -B -b " + file.string() + " " + user + " " + password + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "htpasswd failed: install apache2-utils (scripts/install-deps.sh)";
}

/// A service whose every handler run is counted, and whose "whoami" tells the identity.
struct CountingService {
    std::atomic<int> handled{0};

    void add_to(Dispatcher& dispatcher) {
        dispatcher.add("whoami", [this](CallContext& context) {
            ++handled;
            const auto* identity = context.identity();
            if (identity == nullptr) return json(nullptr);
            return json{{"name", identity->name}, {"scheme", identity->scheme}, {"roles", identity->roles}};
        });
        dispatcher.add("shutdown", [this] {
            ++handled;
            return "bye";
        });
    }
};

const char* const tokens_text =
    "# token           identity  roles\n"
    "t0k3n-alice       alice     admin\n"
    "t0k3n-bob         bob\n";

ServerOptions with(std::shared_ptr<Authentication> authentication) {
    ServerOptions options;
    options.authentication = std::move(authentication);
    return options;
}

ClientOptions bearer(std::string token) {
    ClientOptions options;
    options.credentials.bearer_token = std::move(token);
    options.connect_timeout = 5s;
    options.peer.call_timeout = 5s;
    return options;
}

std::string call_text(const std::string& method) {
    return R"({"jsonrpc":"2.0","id":1,"method":")" + method + R"("})";
}

/// A server that knows the callers of `tokens_text` by their bearer tokens, counting the calls
/// its handlers run.
struct BearerServer {
    explicit BearerServer(const std::string& uri) {
        authentication->add(bearer_tokens(tokens.path()));
        service.add_to(served.dispatcher);
        served.start(uri, with(authentication));
    }
    TempFile tokens{tokens_text};
    std::shared_ptr<Authentication> authentication = std::make_shared<Authentication>();
    CountingService service;
    ServedDispatcher served;
};

TEST(BearerTokens, OverHttpTheIdentityReachesTheHandlerAndBadTokensGet401) {
    BearerServer bearer_server("http://127.0.0.1:0/rpc");
    auto& [tokens, authentication, service, served] = bearer_server;

    EXPECT_EQ(served.client(bearer("t0k3n-alice"))->call("whoami"),
              (json{{"name", "alice"}, {"scheme", "bearer"}, {"roles", {"admin"}}}));
    EXPECT_EQ(service.handled, 1);

    HttpProbe probe(served.uri);
    probe.write(HttpProbe::post("/rpc", call_text("whoami"), "Authorization: Bearer t0k3n-alic\r\n"));
    auto refused = probe.read();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401u);
    EXPECT_EQ(refused->header("WWW-Authenticate"), "Bearer realm=\"rpcforge\"");
    EXPECT_EQ(refused->body, "Unauthenticated: the credentials presented were not accepted\n");
    probe.write(HttpProbe::post("/rpc", call_text("whoami")));
    auto missing = probe.read();
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 401u);
    EXPECT_EQ(missing->body, "Unauthenticated: credentials are required\n");

    EXPECT_THROW(served.client(bearer("wrong"))->call("whoami"), ConnectionError);
    EXPECT_EQ(service.handled, 1);
    EXPECT_EQ(authentication->failed_attempts(), 2u);
    EXPECT_EQ(authentication->missing_credentials(), 1u);
    EXPECT_EQ(authentication->accepted(), 1u);
}

TEST(BearerTokens, OverWebSocketTheUpgradeCarriesTheToken) {
    BearerServer bearer_server("ws://127.0.0.1:0/rpc");
    auto& [tokens, authentication, service, served] = bearer_server;

    auto client = served.client(bearer("t0k3n-bob"));
    EXPECT_EQ(client->call("whoami").at("name"), "bob");
    EXPECT_EQ(client->call("whoami").at("name"), "bob");  // the connection stays who it proved to be
    EXPECT_THROW(served.client(bearer("t0k3n-mallory")), ConnectionError);
    EXPECT_THROW(served.client(ClientOptions{.connect_timeout = 5s}), ConnectionError);
    EXPECT_EQ(service.handled, 2);
    EXPECT_EQ(authentication->failed_attempts(), 1u);
    EXPECT_EQ(authentication->missing_credentials(), 1u);
}

TEST(BearerTokens, AMalformedFileIsNamedWithItsLine) {
    TempFile tokens("# fine\nlonely-token\n");
    try {
        bearer_tokens(tokens.path());
        FAIL() << "a token without a name must be refused";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), tokens.path().string() + ":2: expected TOKEN NAME [ROLE...]");
    }
    EXPECT_THROW(bearer_tokens("/nonexistent/tokens"), std::system_error);
}

TEST(HttpBasic, AgainstAFileMadeByHtpasswd) {
    TempFile passwords;
    htpasswd(passwords.path(), "carol", "correct-horse");
    htpasswd(passwords.path(), "dave", "battery-staple");
    auto authentication = std::make_shared<Authentication>();
    authentication->add(htpasswd_basic(passwords.path(), "ops"));
    CountingService service;
    ServedDispatcher served;
    service.add_to(served.dispatcher);
    served.start("https://127.0.0.1:0/rpc", with(authentication));

    auto basic = [](std::string user, std::string password) {
        ClientOptions options = bearer("");
        options.credentials.user = std::move(user);
        options.credentials.password = std::move(password);
        return options;
    };
    EXPECT_EQ(served.client(basic("carol", "correct-horse"))->call("whoami").at("name"), "carol");
    EXPECT_EQ(served.client(basic("dave", "battery-staple"))->call("whoami").at("scheme"), "basic");
    EXPECT_THROW(served.client(basic("carol", "battery-staple"))->call("whoami"), ConnectionError);
    EXPECT_THROW(served.client(basic("erin", "correct-horse"))->call("whoami"), ConnectionError);
    EXPECT_EQ(service.handled, 2);
    EXPECT_EQ(authentication->failed_attempts(), 2u);
}

TEST(HttpBasic, A401NamesTheRealmAndBrokenHeadersAreFailedAttempts) {
    TempFile passwords;
    htpasswd(passwords.path(), "carol", "correct-horse");
    auto authentication = std::make_shared<Authentication>();
    authentication->add(htpasswd_basic(passwords.path(), "ops"));
    ServedDispatcher served;
    CountingService service;
    service.add_to(served.dispatcher);
    served.start("http://127.0.0.1:0/rpc", with(authentication));

    HttpProbe probe(served.uri);
    probe.write(HttpProbe::post("/rpc", call_text("whoami"), "Authorization: Basic not*base64\r\n"));
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 401u);
    EXPECT_EQ(reply->header("WWW-Authenticate"), "Basic realm=\"ops\", charset=\"UTF-8\"");
    EXPECT_EQ(authentication->failed_attempts(), 1u);
    EXPECT_EQ(service.handled, 0);
}

TEST(HttpBasic, OnlyBcryptHashesAreAccepted) {
    TempFile passwords("carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
    EXPECT_THROW(htpasswd_basic(passwords.path()), std::invalid_argument);
}

TEST(MutualTls, AnAllowListOfSubjectsOrNames) {
    auto serve = [](std::vector<std::string> allowed, CountingService& service, ServedDispatcher& served,
                    std::shared_ptr<Authentication>& authentication) {
        authentication = std::make_shared<Authentication>();
        authentication->add(tls_allow_list(std::move(allowed)));
        service.add_to(served.dispatcher);
        served.start("tls://127.0.0.1:0", with(authentication));
    };
    {
        CountingService service;
        ServedDispatcher served;
        std::shared_ptr<Authentication> authentication;
        serve({"CN=alice,O=rpcforge tests"}, service, served, authentication);
        EXPECT_EQ(served.client()->call("whoami"),
                  (json{{"name", "CN=alice,O=rpcforge tests"}, {"scheme", "tls"}, {"roles", json::array()}}));
    }
    {
        CountingService service;
        ServedDispatcher served;
        std::shared_ptr<Authentication> authentication;
        serve({"URI:spiffe://rpcforge.test/alice"}, service, served, authentication);
        EXPECT_EQ(served.client()->call("whoami").at("name"), "URI:spiffe://rpcforge.test/alice");
    }
    {
        CountingService service;
        ServedDispatcher served;
        std::shared_ptr<Authentication> authentication;
        serve({"CN=bob,O=rpcforge tests", "email:bob@rpcforge.test"}, service, served, authentication);
        auto client = served.client();
        try {
            client->call("whoami");
            FAIL() << "alice is not on the list";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), error_code::unauthenticated);
            EXPECT_EQ(e.message(), "Unauthenticated: the credentials presented were not accepted");
        }
        client->notify("whoami");
        EXPECT_THROW(client->call("shutdown"), Error);
        EXPECT_EQ(service.handled, 0);
        EXPECT_EQ(authentication->failed_attempts(), 1u);  // once per connection
    }
}

TEST(UnixPeers, AnAllowListOfUids) {
    auto me = static_cast<unsigned>(getuid());
    for (bool listed : {true, false}) {
        auto authentication = std::make_shared<Authentication>();
        authentication->add(unix_peer_allow_list({listed ? me : me + 1}, {}));
        CountingService service;
        ServedDispatcher served;
        service.add_to(served.dispatcher);
        served.start("unix://" + temp_socket_path(), with(authentication));
        auto client = served.client();
        if (listed) {
            EXPECT_EQ(client->call("whoami").at("name"), "uid:" + std::to_string(me));
            EXPECT_EQ(service.handled, 1);
        } else {
            EXPECT_THROW(client->call("whoami"), Error);
            EXPECT_EQ(service.handled, 0);
            EXPECT_EQ(authentication->failed_attempts(), 1u);
        }
    }
}

TEST(UnixPeers, HandlersSeeThePeersCredentials) {
    ServedDispatcher served;
    served.dispatcher.add("peer_uid", [](CallContext& context) {
        return context.unix_peer() != nullptr ? json(context.unix_peer()->uid) : json(nullptr);
    });
    served.start("unix://" + temp_socket_path());
    EXPECT_EQ(served.client()->call("peer_uid"), getuid());
}

TEST(Credentials, TravelOnlyWhereHttpCarriesThem) {
    ServedDispatcher served;
    served.start("tcp://127.0.0.1:0");
    EXPECT_THROW(served.client(bearer("t0k3n")), std::invalid_argument);
    ClientOptions injected = bearer("t0k3n\r\nX-Evil: 1");
    EXPECT_THROW(Client("http://127.0.0.1:1/rpc", injected), std::invalid_argument);
}

}  // namespace
}  // namespace rpcforge::test
