// Prefork: worker processes share listening sockets bound once by their parent; a worker
// killed is replaced; SIGTERM to the parent stops and reaps them all.

#include "support/child_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <set>
#include <sys/wait.h>

namespace rpcforge::test {
namespace {

/// The worker that answers a new connection (-1 if none did).
int answering_worker(const std::string& uri) {
    try {
        Client client(uri);
        return client.call("pid", nullptr, CallOptions{.timeout = std::chrono::seconds(10)}).get<int>();
    } catch (const std::exception&) {
        return -1;
    }
}

/// Opens connections (several at once) until `want` distinct workers have answered.
std::set<int> workers_seen(const std::string& uri, std::size_t want, const std::set<int>& excluded = {}) {
    std::set<int> seen;
    eventually([&] {
        std::vector<std::unique_ptr<Client>> open;
        for (int i = 0; i < 4; ++i) {
            try {
                open.push_back(std::make_unique<Client>(uri));
                int pid = open.back()->call("pid").get<int>();
                if (!excluded.count(pid)) seen.insert(pid);
            } catch (const std::exception&) {
            }
        }
        return seen.size() >= want;
    });
    return seen;
}

bool is_gone(int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

TEST(Prefork, WorkersShareTheSocketAreReplacedAndStopWithTheParent) {
    ChildServer server({mode_server_path(), "--mode", "prefork", "--workers", "2", "--listen", "tcp://127.0.0.1:0"});

    auto workers = workers_seen(server.uri(), 2);
    ASSERT_EQ(workers.size(), 2u) << "two workers should answer";
    EXPECT_EQ(workers.count(server.pid()), 0u) << "the parent serves nothing itself";

    int victim = *workers.begin();
    ASSERT_EQ(::kill(victim, SIGKILL), 0);
    // Calls keep succeeding, and a worker that was not there before shows up.
    EXPECT_TRUE(eventually([&] { return answering_worker(server.uri()) > 0; }));
    auto replacement = workers_seen(server.uri(), 1, workers);
    ASSERT_EQ(replacement.size(), 1u) << "no replacement for the killed worker";
    workers.insert(replacement.begin(), replacement.end());
    EXPECT_TRUE(eventually([&] { return answering_worker(server.uri()) > 0; }));

    int status = server.signal_and_wait(SIGTERM);
    ASSERT_NE(status, -1) << "the parent did not stop";
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    for (int pid : workers) EXPECT_TRUE(is_gone(pid)) << "worker " << pid << " outlived its parent";
}

TEST(Prefork, OnlyStreamSocketsCanBeBoundForWorkers) {
    EXPECT_THROW(bind_socket("http://127.0.0.1:0/"), std::invalid_argument);
    auto bound = bind_socket("tcp://127.0.0.1:0");
    EXPECT_GE(bound.fd, 0);
    EXPECT_NE(bound.uri, "tcp://127.0.0.1:0");
    close_bound_socket(bound, true);
    EXPECT_EQ(bound.fd, -1);
}

}  // namespace
}  // namespace rpcforge::test
