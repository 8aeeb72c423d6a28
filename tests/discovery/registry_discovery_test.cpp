// The registry:// discovery backend (rpcforge::open_discovery) against a registry served in
// this process on a real socket: register, resolve, watch, deregister, failover between the
// stores of a URI, the errors, and threads that stop at once.

#include "registry_fixtures.hpp"

#include <rpcforge/balanced_channel.hpp>
#include <rpcforge/discovery.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <set>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::shared_ptr<Discovery> open(const std::string& uri) { return open_discovery(DiscoveryUri::parse(uri)); }

ServiceInstance server(const std::string& endpoint, const std::string& id = "") {
    ServiceInstance instance;
    instance.id = id;
    instance.endpoint = endpoint;
    return instance;
}

/// What a watch reported, in order.
class Reports {
public:
    Discovery::OnChange callback() {
        return [this](std::vector<ServiceInstance> live) {
            std::lock_guard lock(mutex_);
            reports_.push_back(std::move(live));
            threads_.push_back(std::this_thread::get_id());
        };
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return reports_.size();
    }
    std::vector<ServiceInstance> last() {
        std::lock_guard lock(mutex_);
        return reports_.empty() ? std::vector<ServiceInstance>{} : reports_.back();
    }
    /// Whether the last report is `endpoints`, in order, within `timeout`.
    bool shows(const std::vector<std::string>& endpoints, std::chrono::milliseconds timeout = 1s) {
        return eventually(
            [&] {
                std::lock_guard lock(mutex_);
                if (reports_.empty() || reports_.back().size() != endpoints.size()) return false;
                for (std::size_t i = 0; i < endpoints.size(); ++i)
                    if (reports_.back()[i].endpoint != endpoints[i]) return false;
                return true;
            },
            timeout);
    }
    std::vector<std::thread::id> threads() {
        std::lock_guard lock(mutex_);
        return threads_;
    }

private:
    std::mutex mutex_;
    std::vector<std::vector<ServiceInstance>> reports_;
    std::vector<std::thread::id> threads_;
};

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(RegistryDiscovery, RegisteredInstancesResolve) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    EXPECT_EQ(discovery->describe(), "registry://" + registry.store);
    auto instance = server("tcp://10.0.0.1:7001");
    instance.version = "1.2.0";
    instance.metadata = {{"zone", "a"}, {"weight", 2}};
    auto first = discovery->register_instance("calc", instance, 30s);
    auto second = discovery->register_instance("calc", server("tcp://10.0.0.2:7001", "a-first"), 30s);

    auto live = discovery->resolve("calc");
    ASSERT_EQ(live.size(), 2u);
    EXPECT_EQ(live[0], server("tcp://10.0.0.2:7001", "a-first"));
    instance.id = instance.endpoint;  // the id defaults to the endpoint
    EXPECT_EQ(live[1], instance);
    EXPECT_TRUE(discovery->resolve("nobody").empty());
}

TEST(RegistryDiscovery, AWatchSeesAdditionsAndRemovalsWithinASecond) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    Reports reports;
    auto watch = discovery->watch("calc", reports.callback());
    ASSERT_TRUE(reports.shows({}));  // the state at the start

    auto start = Clock::now();
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    ASSERT_TRUE(reports.shows({"tcp://10.0.0.1:7001"}));
    EXPECT_LT(since(start), 1s);
    auto other = discovery->register_instance("calc", server("tcp://10.0.0.2:7001"), 30s);
    ASSERT_TRUE(reports.shows({"tcp://10.0.0.1:7001", "tcp://10.0.0.2:7001"}));

    start = Clock::now();
    registration->deregister();
    ASSERT_TRUE(reports.shows({"tcp://10.0.0.2:7001"}));
    EXPECT_LT(since(start), 1s);
    other.reset();  // deregisters too
    ASSERT_TRUE(reports.shows({}));
    EXPECT_EQ(reports.count(), 5u);  // each change once, nothing else

    for (auto thread : reports.threads()) EXPECT_NE(thread, std::this_thread::get_id());
}

TEST(RegistryDiscovery, DeregisterRemovesAtOnceAndOnlyOnce) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    ASSERT_EQ(discovery->resolve("calc").size(), 1u);
    registration->deregister();
    EXPECT_TRUE(discovery->resolve("calc").empty());
    auto again = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    registration->deregister();  // does nothing: the lease it held is gone
    registration.reset();
    EXPECT_EQ(discovery->resolve("calc").size(), 1u);
}

TEST(RegistryDiscovery, ARegistrationKeepsAShortTtlAlive) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 1s);
    std::this_thread::sleep_for(2500ms);
    EXPECT_EQ(discovery->resolve("calc").size(), 1u);
}

TEST(RegistryDiscovery, TheUriFallsOverToTheNextStore) {
    InProcessRegistry registry;
    auto uri = "registry://127.0.0.1:" + std::to_string(dead_port()) + "," + registry.store + "/calc";
    auto discovery = open(uri);
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    EXPECT_EQ(registry.registry_store.instance_count(), 1u);
    EXPECT_EQ(discovery->resolve("calc").size(), 1u);
    Reports reports;
    auto watch = discovery->watch("calc", reports.callback());
    ASSERT_TRUE(reports.shows({"tcp://10.0.0.1:7001"}));
    auto other = discovery->register_instance("calc", server("tcp://10.0.0.2:7001"), 30s);
    ASSERT_TRUE(reports.shows({"tcp://10.0.0.1:7001", "tcp://10.0.0.2:7001"}));
}

TEST(RegistryDiscovery, ARegistrationGoesToEveryStore) {
    InProcessRegistry first;
    InProcessRegistry second;
    auto discovery = open("registry://" + first.store + "," + second.store + "/calc");
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    EXPECT_EQ(first.registry_store.instance_count(), 1u);
    EXPECT_EQ(second.registry_store.instance_count(), 1u);
    registration.reset();
    EXPECT_EQ(first.registry_store.instance_count(), 0u);
    EXPECT_EQ(second.registry_store.instance_count(), 0u);
}

TEST(RegistryDiscovery, NoStoreAnsweringIsADiscoveryErrorNamingEach) {
    auto one = "127.0.0.1:" + std::to_string(dead_port());
    auto two = "127.0.0.1:" + std::to_string(dead_port());
    auto discovery = open("registry://" + one + "," + two + "/calc");
    for (auto attempt : {0, 1, 2}) {
        try {
            if (attempt == 0) discovery->resolve("calc");
            if (attempt == 1) discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
            if (attempt == 2) discovery->watch("calc", [](auto) {});
            ADD_FAILURE() << "attempt " << attempt << " succeeded";
        } catch (const DiscoveryError& e) {
            std::string message = e.what();
            EXPECT_NE(message.find("no registry answered"), std::string::npos) << message;
            EXPECT_NE(message.find(one), std::string::npos) << message;
            EXPECT_NE(message.find(two), std::string::npos) << message;
        }
    }
}

TEST(RegistryDiscovery, ARefusalIsADiscoveryErrorWithTheStoreAndTheReason) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    try {
        discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 0s);
        ADD_FAILURE() << "registered with a TTL of 0";
    } catch (const DiscoveryError& e) {
        EXPECT_EQ(std::string(e.what()), "registry " + registry.store +
                                             ": refused to register an instance of 'calc': Invalid params: "
                                             "'ttl_seconds' must be from 1 to 3600, got 0");
    }
    try {
        discovery->resolve("");
        ADD_FAILURE() << "resolved ''";
    } catch (const DiscoveryError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "registry " + registry.store + ": Invalid params: 'service' must not be empty");
    }
}

TEST(RegistryDiscovery, WatchesAndRegistrationsStopAtOnce) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    Reports reports;
    auto watch = discovery->watch("calc", reports.callback());
    ASSERT_TRUE(eventually([&] { return registry.registry_store.waiting_watches() == 1; }));  // a long poll waits
    auto start = Clock::now();
    watch.reset();
    EXPECT_LT(since(start), 300ms);

    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    start = Clock::now();
    registration.reset();
    EXPECT_LT(since(start), 300ms);
}

TEST(RegistryDiscovery, ARegistrationWhoseStoreIsGoneStopsWithinItsTimeout) {
    auto registry = std::make_unique<InProcessRegistry>();
    DiscoveryOptions options;
    options.request_timeout = 500ms;
    auto discovery = open_discovery(DiscoveryUri::parse(registry->uri("calc")), options);
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 3s);
    Reports reports;
    auto watch = discovery->watch("calc", reports.callback());
    registry.reset();
    std::this_thread::sleep_for(1500ms);  // both retry, the store refusing connections
    auto start = Clock::now();
    watch.reset();
    registration.reset();
    EXPECT_LT(since(start), 1s);
}

TEST(RegistryDiscovery, AWatchMayBeDestroyedFromItsOwnCallback) {
    InProcessRegistry registry;
    auto discovery = open(registry.uri("calc"));
    std::unique_ptr<Watch> watch;
    std::mutex mutex;
    std::atomic<bool> destroyed{false};
    {
        std::lock_guard lock(mutex);  // the first report waits until `watch` is set
        watch = discovery->watch("calc", [&](std::vector<ServiceInstance>) {
            std::lock_guard inner(mutex);
            watch.reset();
            destroyed = true;
        });
    }
    EXPECT_TRUE(eventually([&] { return destroyed.load(); }));
}

/// A server that answers `who` with its name.
struct NamedServer {
    explicit NamedServer(const std::string& name) {
        dispatcher.add("who", [name] { return name; });
        server = std::make_unique<Server>(dispatcher);
        endpoint = server->listen("tcp://127.0.0.1:0");
        server->start();
    }
    Dispatcher dispatcher;
    std::unique_ptr<Server> server;
    std::string endpoint;
};

/// The names that answer `count` calls.
std::set<std::string> answering(Channel& channel, int count) {
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) names.insert(channel.call("who").get<std::string>());
    return names;
}

TEST(RegistryDiscovery, ABalancedChannelFollowsTheRegistry) {
    InProcessRegistry registry;
    NamedServer a("a"), b("b"), c("c");
    auto discovery = open(registry.uri("who"));
    auto registered_a = discovery->register_instance("who", server(a.endpoint), 30s);
    auto registered_b = discovery->register_instance("who", server(b.endpoint), 30s);
    BalancedChannel channel(registry.uri("who"));
    ASSERT_TRUE(eventually([&] { return answering(channel, 4) == std::set<std::string>{"a", "b"}; }, 5s));

    registered_a.reset();  // deregistered: no new calls within a second or so
    ASSERT_TRUE(eventually([&] { return answering(channel, 4) == std::set<std::string>{"b"}; }, 5s));
    auto registered_c = discovery->register_instance("who", server(c.endpoint), 30s);
    ASSERT_TRUE(eventually([&] { return answering(channel, 4) == std::set<std::string>{"b", "c"}; }, 5s));
}

}  // namespace
}  // namespace rpcforge::test
