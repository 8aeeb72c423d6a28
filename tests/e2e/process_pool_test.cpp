#include <rpcforge/process_pool.hpp>

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include "support/child_server.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using rpcforge::json;

namespace {

using rpcforge::test::eventually;

std::int64_t fib(std::int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/// What the workers serve. `hold` writes its pid to the file `started`, then waits (at most
/// 30 s) for the file `release`: a call the test can keep running on a worker it knows.
void add_worker_methods(rpcforge::Dispatcher& methods) {
    methods.add("fib", {"n"}, [](std::int64_t n) { return json{{"value", fib(n)}, {"pid", ::getpid()}}; });
    methods.add("fail", {"n"}, [](std::int64_t) -> json { throw rpcforge::Error(-32050, "bad input", {{"n", 7}}); });
    methods.add("hold", {"started", "release"}, [](const std::string& started, const std::string& release) {
        std::ofstream(started) << ::getpid();
        auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!fs::exists(release) && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return ::getpid();
    });
    methods.add("is_open", {"fd"}, [](int fd) { return ::fcntl(fd, F_GETFD) != -1; });
}

class TempDir {
public:
    TempDir() {
        std::string name = (fs::temp_directory_path() / "rpcforge-pool-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = name;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

int pid_in(const fs::path& file) {
    int pid = 0;
    std::ifstream(file) >> pid;
    return pid;
}

bool is_gone(int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

rpcforge::ServerOptions server_options(std::size_t threads) {
    rpcforge::ServerOptions options;
    options.threads = threads;
    return options;
}

rpcforge::ProcessPoolOptions pool_options(std::size_t workers,
                                          std::chrono::milliseconds call_timeout = std::chrono::seconds(30)) {
    rpcforge::ProcessPoolOptions options;
    options.workers = workers;
    options.call_timeout = call_timeout;
    return options;
}

/// The pool is made first, before the server starts a thread, as it must be.
struct PoolServer {
    explicit PoolServer(rpcforge::ProcessPoolOptions options = pool_options(2), std::size_t server_threads = 4)
        : pool((add_worker_methods(worker_dispatcher), worker_dispatcher), options),
          server(dispatcher, server_options(server_threads)) {
        pool.route(dispatcher, {"fib", "fail", "hold", "is_open"});
        uri = server.listen("tcp://127.0.0.1:0");
        server.start();
    }
    // The documented order: the server stops, then the pool, then the server goes.
    ~PoolServer() {
        server.stop();
        pool.stop();
    }

    rpcforge::Dispatcher worker_dispatcher;
    rpcforge::ProcessPool pool;
    rpcforge::Dispatcher dispatcher;
    rpcforge::Server server;
    std::string uri;
};

std::set<int> pids_of(const rpcforge::ProcessPool& pool) {
    std::set<int> pids;
    for (const auto& worker : pool.workers()) pids.insert(worker.pid);
    return pids;
}

}  // namespace

TEST(ProcessPool, SpreadsCallsOverTheWorkers) {
    PoolServer s;
    ASSERT_EQ(pids_of(s.pool).size(), 2u);
    EXPECT_EQ(pids_of(s.pool).count(::getpid()), 0u);

    std::vector<std::future<std::set<int>>> clients;
    for (int c = 0; c < 4; ++c)
        clients.push_back(std::async(std::launch::async, [&] {
            rpcforge::Client client(s.uri);
            std::set<int> seen;
            for (int i = 0; i < 4; ++i) {
                json answer = client.call("fib", {22});
                EXPECT_EQ(answer["value"], 17711);
                seen.insert(answer["pid"].get<int>());
            }
            return seen;
        }));
    std::set<int> seen;
    for (auto& client : clients) seen.merge(client.get());
    EXPECT_EQ(seen, pids_of(s.pool));

    // Two calls at once run on two different workers.
    TempDir dir;
    rpcforge::Client first(s.uri);
    rpcforge::Client second(s.uri);
    auto a = first.call_async("hold", {(dir / "a").string(), (dir / "go").string()});
    auto b = second.call_async("hold", {(dir / "b").string(), (dir / "go").string()});
    ASSERT_TRUE(eventually([&] { return pid_in(dir / "a") != 0 && pid_in(dir / "b") != 0; }));
    std::ofstream(dir / "go") << "go";
    EXPECT_NE(a.get(), b.get());
}

TEST(ProcessPool, AForwardedCallHoldsNoServerThread) {
    PoolServer s(pool_options(3), 1);
    TempDir dir;
    rpcforge::Client first(s.uri);
    rpcforge::Client second(s.uri);
    rpcforge::Client third(s.uri);
    auto a = first.call_async("hold", {(dir / "a").string(), (dir / "go").string()});
    auto b = second.call_async("hold", {(dir / "b").string(), (dir / "go").string()});
    // Both run at once, and a third call is answered meanwhile, on a server of one thread.
    ASSERT_TRUE(eventually([&] { return pid_in(dir / "a") != 0 && pid_in(dir / "b") != 0; }));
    EXPECT_EQ(third.call("fib", {10})["value"], 55);
    std::ofstream(dir / "go") << "go";
    EXPECT_NE(a.get(), b.get());
}

TEST(ProcessPool, AWorkersErrorComesBackAsItWas) {
    PoolServer s;
    rpcforge::Client client(s.uri);
    try {
        client.call("fail", {1});
        ADD_FAILURE() << "fail answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32050);
        EXPECT_EQ(e.message(), "bad input");
        EXPECT_EQ(e.data(), json({{"n", 7}}));
    }
    // The worker's own checks too: its dispatcher answers the wrong parameter.
    try {
        client.call("fib", {"many"});
        ADD_FAILURE() << "fib answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32602);
        EXPECT_NE(e.message().find("'n'"), std::string::npos) << e.message();
    }
    EXPECT_EQ(client.call("fib", {10})["value"], 55);
}

TEST(ProcessPool, AKilledWorkerFailsOnlyItsCallAndIsReplaced) {
    PoolServer s;
    TempDir dir;
    rpcforge::Client doomed_client(s.uri);
    rpcforge::Client other_client(s.uri);
    auto doomed = doomed_client.call_async("hold", {(dir / "doomed").string(), (dir / "never").string()});
    auto other = other_client.call_async("hold", {(dir / "other").string(), (dir / "go").string()});
    ASSERT_TRUE(eventually([&] { return pid_in(dir / "doomed") != 0 && pid_in(dir / "other") != 0; }));
    int victim = pid_in(dir / "doomed");
    ASSERT_EQ(::kill(victim, SIGKILL), 0);

    try {
        doomed.get();
        ADD_FAILURE() << "the killed worker's call answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32603);
        EXPECT_EQ(e.message(), "Internal error: the worker process ended during the call");
    }
    std::ofstream(dir / "go") << "go";
    EXPECT_EQ(other.get(), pid_in(dir / "other"));

    // A new worker takes the dead one's place, and the dead one is reaped.
    ASSERT_TRUE(eventually([&] { return s.pool.workers().size() == 2 && pids_of(s.pool).count(victim) == 0; }));
    EXPECT_TRUE(eventually([&] { return is_gone(victim); }));
    rpcforge::Client client(s.uri);
    std::set<int> seen;
    for (int i = 0; i < 4; ++i) seen.insert(client.call("fib", {5})["pid"].get<int>());
    EXPECT_EQ(seen, pids_of(s.pool));
}

TEST(ProcessPool, AStuckWorkerTimesOutAndIsReplaced) {
    PoolServer s(pool_options(1, std::chrono::milliseconds(200)));
    TempDir dir;
    rpcforge::Client client(s.uri);
    int stuck = pids_of(s.pool).empty() ? 0 : *pids_of(s.pool).begin();
    try {
        client.call("hold", {(dir / "started").string(), (dir / "never").string()});
        ADD_FAILURE() << "hold answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32603);
        EXPECT_EQ(e.message(), "Internal error: the worker process did not answer in time");
    }
    ASSERT_TRUE(eventually([&] { return s.pool.workers().size() == 1 && pids_of(s.pool).count(stuck) == 0; }));
    EXPECT_EQ(client.call("fib", {10})["value"], 55);
    EXPECT_TRUE(eventually([&] { return is_gone(stuck); }));
}

TEST(ProcessPool, WorkersHoldNoneOfTheServersFiles) {
    // A descriptor far from those a worker opens for itself.
    int opened = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    int fd = ::dup2(opened, 200);
    ::close(opened);
    ASSERT_EQ(fd, 200);
    {
        PoolServer s;
        rpcforge::Client client(s.uri);
        EXPECT_EQ(client.call("is_open", {0}), true);
        EXPECT_EQ(client.call("is_open", {fd}), false);
    }
    ::close(fd);
}

TEST(ProcessPool, ShutsDownWithoutLeavingAProcessBehind) {
    std::set<int> pids;
    {
        PoolServer s(pool_options(3));
        pids = pids_of(s.pool);
        ASSERT_EQ(pids.size(), 3u);
        rpcforge::Client client(s.uri);
        EXPECT_EQ(client.call("fib", {3})["value"], 2);
    }
    for (int pid : pids) EXPECT_TRUE(is_gone(pid)) << "worker " << pid << " is still there";
    // The helper, this process's only child, is reaped too: no child is left, zombie or not.
    errno = 0;
    EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}
