// The access log over real connections: one JSON line per call and notification with what an
// operator reads (method, outcome, times, peer, identity), and a file reopened on a signal
// the way logrotate needs.

#include "support/http_probe.hpp"
#include "support/served_dispatcher.hpp"

#include <rpcforge/access_log.hpp>
#include <rpcforge/auth.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::vector<json> lines_of(const fs::path& file) {
    std::vector<json> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
}

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("rpcforge-access-log-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

TEST(AccessLog, WritesOneJsonLinePerCallWithWhoAndHowItEnded) {
    Scratch scratch;
    std::ofstream(scratch.dir / "tokens") << "s3cret alice\n";
    auto authentication = std::make_shared<Authentication>();
    authentication->add(bearer_tokens(scratch.dir / "tokens"));
    ServedDispatcher served;
    served.dispatcher.use(std::make_shared<AccessLog>(scratch.dir / "access.log"));
    served.dispatcher.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
    served.dispatcher.add_notification("ping", [] {});
    served.dispatcher.add("boom", [] { throw std::runtime_error("the database password is wrong"); });
    ServerOptions options;
    options.authentication = authentication;
    served.start("http://127.0.0.1:0/rpc", options);

    HttpProbe probe(served.uri);
    for (const char* body : {R"({"jsonrpc":"2.0","id":7,"method":"add","params":[2,3]})",
                             R"({"jsonrpc":"2.0","id":"x","method":"nope"})", R"({"jsonrpc":"2.0","method":"ping"})",
                             R"({"jsonrpc":"2.0","id":9,"method":"boom"})"}) {
        probe.write(HttpProbe::post("/rpc", body, "Authorization: Bearer s3cret\r\n"));
        auto reply = probe.read();
        ASSERT_TRUE(reply);
        // The client is told nothing of the exception; the operator's log is (below).
        EXPECT_EQ(reply->body.find("password"), std::string::npos);
    }

    auto lines = lines_of(scratch.dir / "access.log");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].at("method"), "add");
    EXPECT_EQ(lines[0].at("id"), 7);
    EXPECT_EQ(lines[0].at("code"), 0);
    EXPECT_EQ(lines[0].at("notification"), false);
    EXPECT_EQ(lines[0].at("transport"), "http");
    EXPECT_EQ(lines[0].at("identity"), "alice");
    EXPECT_NE(lines[0].at("peer").get<std::string>().find("127.0.0.1:"), std::string::npos) << lines[0];
    EXPECT_GE(lines[0].at("duration_ms").get<double>(), lines[0].at("queued_ms").get<double>());
    EXPECT_EQ(lines[0].at("time").get<std::string>().size(), std::string("2026-12-07T04:05:06.123Z").size());
    EXPECT_EQ(lines[1].at("code"), -32601);
    EXPECT_EQ(lines[1].at("id"), "x");
    EXPECT_EQ(lines[2].at("method"), "ping");
    EXPECT_EQ(lines[2].at("notification"), true);
    EXPECT_EQ(lines[0].at("error"), nullptr);
    EXPECT_EQ(lines[1].at("error"), "Method not found");
    EXPECT_EQ(lines[3].at("code"), -32603);
    EXPECT_EQ(lines[3].at("error"), "the database password is wrong");
}

TEST(AccessLog, ReopensItsFileOnSignalSoThatLogrotateCanMoveIt) {
    Scratch scratch;
    AccessLog::reopen_on_signals({SIGUSR1});
    ServedDispatcher served;
    auto log = std::make_shared<AccessLog>(scratch.dir / "access.log");
    served.dispatcher.use(log);
    served.dispatcher.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
    served.start("tcp://127.0.0.1:0");
    auto client = served.client();

    EXPECT_EQ(client->call("add", {1, 1}), 2);
    fs::rename(scratch.dir / "access.log", scratch.dir / "access.log.1");  // what logrotate does
    EXPECT_EQ(client->call("add", {1, 2}), 3);                            // still the old file
    ASSERT_EQ(::raise(SIGUSR1), 0);
    EXPECT_EQ(client->call("add", {1, 3}), 4);

    auto rotated = lines_of(scratch.dir / "access.log.1");
    auto fresh = lines_of(scratch.dir / "access.log");
    ASSERT_EQ(rotated.size(), 2u);
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(log->lost_lines(), 0u);
    EXPECT_EQ(fresh[0].at("method"), "add");
}

TEST(AccessLog, SaysWhichFileItCannotOpen) {
    try {
        AccessLog log("/nonexistent-dir/access.log");
        FAIL() << "opening must fail";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/access.log"), std::string::npos);
    }
}

}  // namespace
}  // namespace rpcforge::test
