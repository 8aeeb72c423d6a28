#include <rpcforge/hot_reload.hpp>

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include "support/child_server.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using rpcforge::json;

namespace {

using rpcforge::test::eventually;

/// A directory of its own under /tmp, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string name = (fs::temp_directory_path() / "rpcforge-reload-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = name;
        fs::create_directory(copies());
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }
    fs::path copies() const { return path_ / "copies"; }

private:
    fs::path path_;
};

/// Puts `build` at `live` the way a deployment should: written beside it, then renamed over it.
void install(const fs::path& build, const fs::path& live) {
    fs::path next = live.string() + ".next";
    fs::copy_file(build, next, fs::copy_options::overwrite_existing);
    fs::rename(next, live);
}

/// The copies of service modules under `directory` that this process has mapped.
std::set<std::string> mapped_copies(const fs::path& directory) {
    std::ifstream maps("/proc/self/maps");
    std::set<std::string> found;
    for (std::string line; std::getline(maps, line);) {
        auto at = line.find(directory.string());
        if (at != std::string::npos) found.insert(line.substr(at));
    }
    return found;
}

rpcforge::ServerOptions server_options() {
    rpcforge::ServerOptions options;
    options.threads = 4;
    return options;
}

/// A server on loopback TCP serving one ReloadableService.
struct ReloadingServer {
    explicit ReloadingServer(const TempDir& dir, const char* first_build)
        : live(dir.path() / "service.so"),
          service((install(first_build, live), live), rpcforge::ReloadableServiceOptions{dir.copies()}) {
        service.add_to(dispatcher);
        uri = server.listen("tcp://127.0.0.1:0");
        server.start();
    }

    fs::path live;
    rpcforge::ReloadableService service;
    rpcforge::Dispatcher dispatcher;
    rpcforge::Server server{dispatcher, server_options()};
    std::string uri;
};

std::string version_of(rpcforge::Client& client) { return client.call("version").get<std::string>(); }

/// Reloads begun and finished; build r answers "v1" for r even, "v2" for r odd.
struct Rounds {
    std::atomic<int> begun{0};
    std::atomic<int> finished{0};
};

/// One client calling `version` over and over on its own connection. A call made while no
/// reload was under way must be answered by the build the last one loaded.
class LoadClient {
public:
    LoadClient(const std::string& uri, const Rounds& rounds) : client_(uri), rounds_(rounds), thread_([this] { run(); }) {}
    ~LoadClient() { stop(); }

    void stop() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int answers_of(const std::string& version) const { return version == "v1" ? v1_.load() : v2_.load(); }

    std::atomic<int> calls{0};
    std::atomic<int> errors{0};
    std::atomic<int> stale{0};

private:
    void run() {
        while (!stopping_) {
            int begun = rounds_.begun.load();
            int round = rounds_.finished.load();
            ++calls;
            try {
                std::string answer = version_of(client_);
                (answer == "v1" ? v1_ : v2_)++;
                bool quiet = begun == round && rounds_.begun.load() == begun;
                if (quiet && answer != (round % 2 == 0 ? "v1" : "v2")) ++stale;
            } catch (const std::exception&) {
                ++errors;
            }
        }
    }

    rpcforge::Client client_;
    const Rounds& rounds_;
    std::atomic<int> v1_{0};
    std::atomic<int> v2_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace

TEST(HotReload, TwentyReloadsUnderLoadLoseNoCallAndSwitchEachTime) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    Rounds rounds;
    std::vector<std::unique_ptr<LoadClient>> clients;
    for (int i = 0; i < 4; ++i) clients.push_back(std::make_unique<LoadClient>(s.uri, rounds));
    rpcforge::Client probe(s.uri);

    for (int r = 1; r <= 20; ++r) {
        std::string expected = r % 2 == 0 ? "v1" : "v2";
        std::vector<int> before;
        for (const auto& client : clients) before.push_back(client->answers_of(expected));
        install(r % 2 == 0 ? RPCFORGE_TEST_MODULE_V1 : RPCFORGE_TEST_MODULE_V2, s.live);
        rounds.begun = r;
        s.service.reload();
        rounds.finished = r;
        EXPECT_EQ(version_of(probe), expected) << "reload " << r;
        // Every connection moves to the new build.
        for (std::size_t i = 0; i < clients.size(); ++i)
            ASSERT_TRUE(eventually([&] { return clients[i]->answers_of(expected) > before[i]; }))
                << "client " << i << " never got " << expected << " after reload " << r;
    }
    for (auto& client : clients) client->stop();

    EXPECT_EQ(s.service.generation(), 21u);
    for (const auto& client : clients) {
        EXPECT_EQ(client->errors.load(), 0);
        EXPECT_EQ(client->stale.load(), 0);
        EXPECT_EQ(client->answers_of("v1") + client->answers_of("v2"), client->calls.load());
    }
    // Every old build is unloaded once its calls are done: one library, one copy left.
    EXPECT_TRUE(eventually([&] { return s.service.loaded_libraries() == 1; }));
    EXPECT_EQ(mapped_copies(dir.copies()).size(), 1u);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.copies()), fs::directory_iterator()), 1);
}

TEST(HotReload, AFailedLoadKeepsTheOldCodeServingAndSaysWhy) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client client(s.uri);

    auto reload_error = [&]() -> std::string {
        try {
            s.service.reload();
        } catch (const rpcforge::ReloadError& e) {
            return e.what();
        }
        return "(no error)";
    };
    std::ofstream(s.live) << "not a shared library";
    EXPECT_NE(reload_error().find("cannot load service module " + s.live.string()), std::string::npos);
    fs::remove(s.live);
    EXPECT_NE(reload_error().find("no such file"), std::string::npos);
    install(RPCFORGE_TEST_MODULE_NO_ENTRY, s.live);
    EXPECT_NE(reload_error().find("no entry point rpcforge_service_module_v1"), std::string::npos);
    install(RPCFORGE_TEST_MODULE_THROWS, s.live);
    EXPECT_NE(reload_error().find("the factory threw: configuration missing"), std::string::npos);
    install(RPCFORGE_TEST_MODULE_OTHER_METHODS, s.live);
    EXPECT_NE(reload_error().find("its methods differ"), std::string::npos);
    install(RPCFORGE_TEST_MODULE_ASYNC, s.live);
    EXPECT_NE(reload_error().find("method 'later' is asynchronous"), std::string::npos);

    EXPECT_EQ(version_of(client), "v1");
    EXPECT_EQ(s.service.generation(), 1u);
    // What failed is unloaded and its copy removed.
    EXPECT_EQ(s.service.loaded_libraries(), 1u);
    EXPECT_EQ(mapped_copies(dir.copies()).size(), 1u);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.copies()), fs::directory_iterator()), 1);

    install(RPCFORGE_TEST_MODULE_V2, s.live);
    s.service.reload();
    EXPECT_EQ(version_of(client), "v2");
}

TEST(HotReload, TheOldLibraryIsUnloadedOnlyAfterItsLastCallReturns) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client slow_client(s.uri);
    rpcforge::Client client(s.uri);
    fs::path started = dir.path() / "started";
    fs::path release = dir.path() / "release";

    auto slow = slow_client.call_async("slow", {{"started", started.string()}, {"release", release.string()}});
    ASSERT_TRUE(eventually([&] { return fs::exists(started); }));
    install(RPCFORGE_TEST_MODULE_V2, s.live);
    s.service.reload();
    EXPECT_EQ(version_of(client), "v2");
    EXPECT_EQ(s.service.loaded_libraries(), 2u);
    EXPECT_EQ(mapped_copies(dir.copies()).size(), 2u);  // v1 is still there, running `slow`

    std::ofstream(release) << "go";
    EXPECT_EQ(slow.get(), "v1 slow");
    // Really unloaded (dlclose took it out of the address space), not only forgotten.
    EXPECT_TRUE(eventually([&] { return s.service.loaded_libraries() == 1; }));
    EXPECT_TRUE(eventually([&] { return mapped_copies(dir.copies()).size() == 1; }));
    EXPECT_EQ(version_of(client), "v2");
}

TEST(HotReload, RpcDiscoverDescribesTheBuildLoadedNow) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client client(s.uri);
    EXPECT_EQ(client.call("rpc.discover").at("info").at("version"), "v1");
    install(RPCFORGE_TEST_MODULE_V2, s.live);
    s.service.reload();
    EXPECT_EQ(client.call("rpc.discover").at("info").at("version"), "v2");
}

TEST(HotReload, TheModuleFindsTheMembersOfAnObjectTheHostRead) {
    // Past 16 members an object is searched through a hash index: the host's copy of the runtime
    // builds it, the module's copy reads it, so both must hash names with the same key.
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client client(s.uri);
    json object = json::object();
    for (int i = 0; i < 40; ++i) object["member" + std::to_string(i)] = i;
    for (int i : {0, 17, 39}) EXPECT_EQ(client.call("member", {{"object", object}, {"name", "member" + std::to_string(i)}}), i);
    EXPECT_EQ(client.call("member", {{"object", object}, {"name", "absent"}}), nullptr);
}

TEST(HotReload, ErrorsOfTheModuleReachTheClientAsTheyWere) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client client(s.uri);
    try {
        client.call("fail");
        ADD_FAILURE() << "fail answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32042);
        EXPECT_EQ(e.message(), "v1 refuses");
        EXPECT_EQ(e.data(), json({{"version", "v1"}}));
    }
    try {
        client.call("length", {{"text", 5}});
        ADD_FAILURE() << "length answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32602);
        EXPECT_NE(e.message().find("'text'"), std::string::npos) << e.message();
    }
    try {
        client.call("crash");
        ADD_FAILURE() << "crash answered";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), -32603);
    }
    EXPECT_EQ(client.call("length", {"four"}), 4);
    // Thrown by the old build, answered after it is gone.
    install(RPCFORGE_TEST_MODULE_V2, s.live);
    s.service.reload();
    EXPECT_THROW(client.call("fail"), rpcforge::Error);
    EXPECT_EQ(s.service.loaded_libraries(), 1u);
}

TEST(HotReload, WatchLoadsEachSettledChangeAndReportsFailures) {
    TempDir dir;
    ReloadingServer s(dir, RPCFORGE_TEST_MODULE_V1);
    rpcforge::Client client(s.uri);
    std::atomic<int> loaded{0};
    std::atomic<int> failed{0};
    s.service.watch({std::chrono::milliseconds(10), [&](std::exception_ptr error) { (error ? failed : loaded)++; }});

    install(RPCFORGE_TEST_MODULE_V2, s.live);
    ASSERT_TRUE(eventually([&] { return loaded.load() == 1; }));
    EXPECT_EQ(version_of(client), "v2");
    install(RPCFORGE_TEST_MODULE_THROWS, s.live);
    ASSERT_TRUE(eventually([&] { return failed.load() == 1; }));
    EXPECT_EQ(version_of(client), "v2");
    s.service.stop_watching();
    EXPECT_EQ(loaded.load(), 1);
    EXPECT_EQ(s.service.generation(), 2u);
    EXPECT_THROW(s.service.watch({std::chrono::milliseconds(0), nullptr}), std::invalid_argument);
}
