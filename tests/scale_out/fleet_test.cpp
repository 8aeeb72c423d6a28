// A fleet of calculator servers (the example's own binary) behind real discovery (a 3-member
// etcd cluster, or two embedded registries), and one client calling them all the time through a
// BalancedChannel and the generated typed client, while servers crash, start and stop and a
// store fails (docs/scale-out.md). `add` is declared
// idempotent in the calculator's OpenRPC document; `subtract` is not.

#include "scale_out/etcd_cluster.hpp"

#include "etcd/etcd_gateway.hpp"

#include <rpcforge/balanced_channel.hpp>

#include "calculator_client.hpp"
#include "support/child_server.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <iostream>
#include <cstdio>
#include <sys/wait.h>
#include <map>
#include <mutex>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

/// Where the servers register: a store with a member that can fail.
class Store {
public:
    virtual ~Store() = default;
    virtual std::string uri(const std::string& service) const = 0;
    /// Takes one of the store's processes down with SIGKILL.
    virtual void fail_one() = 0;
};

class EtcdStore final : public Store {
public:
    std::string uri(const std::string& service) const override { return cluster_.uri(service); }
    void fail_one() override { cluster_.kill_member(0); }

private:
    EtcdCluster cluster_{3};
};

/// Two embedded registries (`rpcforge registry`): servers register with both, clients watch the
/// first that answers. Failing one is killing the registry every client watches.
class RegistryStore final : public Store {
public:
    std::string uri(const std::string& service) const override {
        return "registry://" + host_port(first_->uri()) + "," + host_port(second_->uri()) + "/" + service;
    }
    void fail_one() override { first_->signal_and_wait(SIGKILL, 5s); }

private:
    static std::unique_ptr<ChildServer> start() {
        return std::make_unique<ChildServer>(
            std::vector<std::string>{RPCFORGE_REGISTRY, "--listen", "tcp://127.0.0.1:0"});
    }
    static std::string host_port(const std::string& uri) { return uri.substr(std::string("tcp://").size()); }

    std::unique_ptr<ChildServer> first_ = start();
    std::unique_ptr<ChildServer> second_ = start();
};

/// What the caller saw in one phase of the scenario.
struct Outcomes {
    int added = 0;
    int subtracted = 0;
    int subtract_lost = 0;  // ConnectionError: sent, connection lost, not idempotent
    std::vector<std::string> unexpected;
};

/// Calls add and subtract in turn, without pause, from its own thread, and files each outcome
/// under the phase it happened in.
class Caller {
public:
    explicit Caller(Channel& channel) : calculator_(channel), thread_([this] { run(); }) {}
    ~Caller() { stop(); }

    void begin_phase(const std::string& phase) {
        std::lock_guard lock(mutex_);
        phase_ = phase;
    }
    void stop() {
        running_ = false;
        if (thread_.joinable()) thread_.join();
    }
    Outcomes outcomes(const std::string& phase) {
        std::lock_guard lock(mutex_);
        return outcomes_[phase];
    }

private:
    void run() {
        for (std::int64_t i = 0; running_; ++i) {
            bool adding = i % 2 == 0;
            try {
                bool right = adding ? calculator_.add(i, 1) == i + 1 : calculator_.subtract(i, 1) == i - 1;
                record([&](Outcomes& o) {
                    if (!right) o.unexpected.push_back(adding ? "add: wrong sum" : "subtract: wrong difference");
                    ++(adding ? o.added : o.subtracted);
                });
            } catch (const NotSentError& e) {
                record([&](Outcomes& o) { o.unexpected.push_back(std::string("not sent: ") + e.what()); });
            } catch (const ConnectionError& e) {
                std::string message = e.what();
                bool expected = !adding && message.find("not marked idempotent") != std::string::npos;
                record([&](Outcomes& o) {
                    if (expected)
                        ++o.subtract_lost;
                    else
                        o.unexpected.push_back(message);
                });
            } catch (const std::exception& e) {
                record([&](Outcomes& o) { o.unexpected.push_back(e.what()); });
            }
        }
    }

    template <class Change>
    void record(Change change) {
        std::lock_guard lock(mutex_);
        change(outcomes_[phase_]);
    }

    calc::CalculatorClient calculator_;
    std::atomic<bool> running_{true};
    std::mutex mutex_;
    std::string phase_ = "start";
    std::map<std::string, Outcomes> outcomes_;
    std::thread thread_;  // last: starts once the rest is ready
};

std::unique_ptr<ChildServer> start_calculator(const std::string& register_uri) {
    return std::make_unique<ChildServer>(std::vector<std::string>{
        RPCFORGE_CALCULATOR_SERVER, "--listen", "tcp://127.0.0.1:0", "--register", register_uri, "--register-ttl", "2",
        "--drain", "1"});
}

/// SIGTERM to every server at once: each drains for its second side by side, not in turn.
void stop_all(const std::vector<std::unique_ptr<ChildServer>>& servers) {
    for (const auto& server : servers) ::kill(server->pid(), SIGTERM);
}

std::uint64_t calls_to(const BalancedChannel& channel, const std::string& endpoint) {
    for (const auto& instance : channel.instances())
        if (instance.instance.endpoint == endpoint) return instance.calls;
    return 0;
}

bool knows(const BalancedChannel& channel, const std::string& endpoint) {
    for (const auto& instance : channel.instances())
        if (instance.instance.endpoint == endpoint) return true;
    return false;
}

void expect_nothing_unexpected(const Outcomes& outcomes, const std::string& phase) {
    EXPECT_TRUE(outcomes.unexpected.empty()) << phase << ": " << outcomes.unexpected.size() << " unexpected, first: "
                                             << (outcomes.unexpected.empty() ? "" : outcomes.unexpected.front());
}

class Fleet : public ::testing::TestWithParam<std::string> {
protected:
    std::unique_ptr<Store> make_store() {
        if (GetParam() == "registry") return std::make_unique<RegistryStore>();
        return std::make_unique<EtcdStore>();
    }
};

TEST_P(Fleet, RoundRobinSpreadsCallsEvenlyOverTheRegisteredInstances) {
    auto store = make_store();
    std::vector<std::unique_ptr<ChildServer>> servers;
    for (int i = 0; i < 3; ++i) servers.push_back(start_calculator(store->uri("calculator")));
    BalancedChannel channel(store->uri("calculator"));
    ASSERT_TRUE(eventually([&] { return channel.instances().size() == 3; }, 10s));
    calc::CalculatorClient calculator(channel);
    for (int i = 0; i < 600; ++i) ASSERT_EQ(calculator.add(i, i), 2 * i);
    for (const auto& server : servers) {
        auto calls = calls_to(channel, server->uri());
        EXPECT_GE(calls, 180u) << server->uri();  // 200 each, within 10%
        EXPECT_LE(calls, 220u) << server->uri();
    }
    stop_all(servers);
}

TEST_P(Fleet, SurvivesCrashesNewServersAStoreFailureAndGracefulStops) {
    auto store = make_store();
    const auto uri = store->uri("calculator");
    std::vector<std::unique_ptr<ChildServer>> servers;
    for (int i = 0; i < 3; ++i) servers.push_back(start_calculator(uri));
    BalancedChannel channel(uri);
    ASSERT_TRUE(eventually([&] { return channel.instances().size() == 3; }, 10s));
    Caller caller(channel);
    std::this_thread::sleep_for(500ms);

    // (1) A server crashes: idempotent calls go elsewhere; others in flight may fail, cleanly.
    caller.begin_phase("crash");
    std::string crashed = servers[0]->uri();
    servers[0]->signal_and_wait(SIGKILL, 5s);
    std::this_thread::sleep_for(1500ms);

    // (2) A fourth server starts: it gets calls within 2 seconds.
    caller.begin_phase("scale up");
    servers.push_back(start_calculator(uri));
    std::string fourth = servers.back()->uri();
    EXPECT_TRUE(eventually([&] { return calls_to(channel, fourth) > 0; }, 2s)) << "the new server got no call";

    // (3) A store's process dies: servers still register and clients still learn of them.
    caller.begin_phase("store failure");
    store->fail_one();
    servers.push_back(start_calculator(uri));
    std::string fifth = servers.back()->uri();
    EXPECT_TRUE(eventually([&] { return calls_to(channel, fifth) > 0; }, 10s)) << "discovery stopped working";
    EXPECT_TRUE(eventually([&] { return !knows(channel, crashed); }, 10s)) << "the crashed server's TTL ran out";

    // (4) A server stops gracefully: it deregisters, drains, and no call at all is lost.
    caller.begin_phase("graceful stop");
    std::string stopped = servers[1]->uri();
    EXPECT_NE(servers[1]->signal_and_wait(SIGTERM, 10s), -1);
    EXPECT_FALSE(knows(channel, stopped));
    std::this_thread::sleep_for(500ms);
    caller.stop();

    for (std::string phase : {"start", "crash", "scale up", "store failure", "graceful stop"}) {
        auto outcomes = caller.outcomes(phase);
        std::cout << phase << ": " << outcomes.added << " add, " << outcomes.subtracted << " subtract answered, "
                  << outcomes.subtract_lost << " subtract lost, " << outcomes.unexpected.size() << " unexpected\n";
    }
    auto crash = caller.outcomes("crash");
    EXPECT_GT(crash.added, 0);
    expect_nothing_unexpected(crash, "crash");
    EXPECT_LE(crash.subtract_lost, 1) << "only the call in flight when the server died";
    for (std::string phase : {"start", "scale up", "store failure", "graceful stop"}) {
        auto outcomes = caller.outcomes(phase);
        EXPECT_GT(outcomes.added + outcomes.subtracted, 0) << phase;
        expect_nothing_unexpected(outcomes, phase);
        EXPECT_EQ(outcomes.subtract_lost, 0) << phase;
    }
    stop_all(servers);
}

INSTANTIATE_TEST_SUITE_P(Stores, Fleet, ::testing::Values("etcd", "registry"),
                         [](const auto& info) { return info.param; });

/// Runs the calculator server with `flags`; its exit status and everything it printed.
std::pair<int, std::string> run_calculator(const std::string& flags) {
    std::string command = std::string(RPCFORGE_CALCULATOR_SERVER) + " " + flags + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string output;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(RegisterFlags, AreCheckedBeforeTheServerStarts) {
    struct Case {
        std::string flags;
        std::string says;
    };
    for (const auto& [flags, says] : std::vector<Case>{
             {"--register etcd://127.0.0.1:2379", "names no service"},
             {"--register tcp://127.0.0.1:2379/calculator", "is not a discovery URI"},
             {"--register etcd://127.0.0.1:2379/calculator --mode stdio", "a stdio server cannot be dialled"},
             {"--advertise tcp://10.0.0.1:7001", "need --register"},
             {"--register etcd://127.0.0.1:2379/calculator --register-ttl 0", "--register-ttl"},
         }) {
        auto [status, output] = run_calculator(flags);
        EXPECT_NE(status, 0) << flags;
        EXPECT_NE(output.find(says), std::string::npos) << flags << " printed: " << output;
    }
}

TEST(RegisterFlags, AWildcardAddressNeedsAdvertiseAndAStoreThatIsDownIsAClearError) {
    auto [status, output] = run_calculator("--listen tcp://0.0.0.0:0 --register etcd://127.0.0.1:1/calculator");
    EXPECT_EQ(status, 1);
    EXPECT_NE(output.find("give --advertise"), std::string::npos) << output;

    std::tie(status, output) = run_calculator("--listen tcp://127.0.0.1:0 --register etcd://127.0.0.1:1/calculator");
    EXPECT_EQ(status, 1);
    EXPECT_NE(output.find("no store answered"), std::string::npos) << output;

    // In prefork mode the registrar process says why it could not register, and nothing serves.
    std::tie(status, output) = run_calculator(
        "--mode prefork --workers 2 --listen tcp://127.0.0.1:0 --register etcd://127.0.0.1:1/calculator");
    EXPECT_EQ(status, 1);
    EXPECT_NE(output.find("no store answered"), std::string::npos) << output;
}

TEST(EtcdRegistration, RegistersAgainWhenTheStoreLostItsLeaseAndRevokesItWhenDestroyed) {
    EtcdCluster etcd(1);
    const auto uri = DiscoveryUri::parse(etcd.uri("svc"));
    auto discovery = open_discovery(uri);
    auto registration = discovery->register_instance("svc", {"a", "tcp://127.0.0.1:7001", "1.0", {{"zone", "x"}}}, 3s);
    auto live = discovery->resolve("svc");
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live.front(), (ServiceInstance{"a", "tcp://127.0.0.1:7001", "1.0", {{"zone", "x"}}}));

    // The lease goes behind the registration's back, as when a store loses its data.
    discovery::EtcdGateway gateway(uri.stores, uri.store_uri(), 2s);
    json range = gateway.post("/v3/kv/range", {{"key", discovery::base64_encode("/rpcforge/services/svc/a")}});
    gateway.post("/v3/lease/revoke", {{"ID", range["kvs"][0]["lease"]}});
    EXPECT_TRUE(discovery->resolve("svc").empty());
    EXPECT_TRUE(eventually([&] { return discovery->resolve("svc").size() == 1; }, 3s)) << "registered again";

    registration.reset();
    EXPECT_TRUE(discovery->resolve("svc").empty()) << "revoked at once, not left to expire";
}

TEST(PreforkRegistration, APreforkServerRegistersOnceAndDeregistersBeforeItsWorkersStop) {
    EtcdCluster etcd(1);
    auto uri = etcd.uri("calculator");
    auto discovery = open_discovery(DiscoveryUri::parse(uri));
    ChildServer server({RPCFORGE_CALCULATOR_SERVER, "--mode", "prefork", "--workers", "3", "--listen",
                        "tcp://127.0.0.1:0", "--register", uri, "--drain", "1"});
    ASSERT_TRUE(eventually([&] { return discovery->resolve("calculator").size() == 1; }, 10s));
    std::this_thread::sleep_for(1s);  // the workers are up: still one instance
    auto live = discovery->resolve("calculator");
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live.front().endpoint, server.uri());

    BalancedChannel channel(uri);
    calc::CalculatorClient calculator(channel);
    EXPECT_EQ(calculator.add(2, 3), 5);
    std::thread stopper([&] { server.signal_and_wait(SIGTERM, 10s); });
    // Deregistered at once; the workers drain for a second meanwhile.
    EXPECT_TRUE(eventually([&] { return discovery->resolve("calculator").empty(); }, 900ms));
    stopper.join();
}

}  // namespace
}  // namespace rpcforge::test
