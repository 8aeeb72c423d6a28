// The registry's methods over a real TCP connection, served in this process: registration and
// replacement, leases, TTLs, the long poll (which holds no handler thread), what bad
// arguments get, and the limits.

#include "registry_client.hpp"
#include "registry_fixtures.hpp"

#include <rpcforge/client.hpp>

#include <gtest/gtest.h>

#include <future>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

json instance(const std::string& endpoint, const std::string& id = "") {
    json value{{"endpoint", endpoint}};
    if (!id.empty()) value["id"] = id;
    return value;
}

json registration(const std::string& service, json instance, std::int64_t ttl = 30) {
    return {{"service", service}, {"instance", std::move(instance)}, {"ttl_seconds", ttl}};
}

/// The error `method` is answered with; fails the test when it succeeds.
Error error_of(Client& client, const std::string& method, json params) {
    try {
        client.call(method, std::move(params));
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << method << " succeeded";
    return Error(0, "");
}

void expect_invalid_params(Client& client, const std::string& method, json params, const std::string& message) {
    auto error = error_of(client, method, std::move(params));
    EXPECT_EQ(error.code(), error_code::invalid_params);
    EXPECT_EQ(error.message(), message);
}

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(RegistryMethods, ResolveListsTheInstancesById) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    client.call("register", registration("calc", instance("tcp://10.0.0.2:7001", "b")));
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    client.call("register", registration("other", instance("tcp://10.0.0.3:7001")));

    auto instances = client.call("resolve", {{"service", "calc"}});
    ASSERT_EQ(instances.size(), 2u);
    EXPECT_EQ(instances[0]["id"], "b");
    // The id defaults to the endpoint; version and metadata are filled in.
    EXPECT_EQ(instances[1], (json{{"id", "tcp://10.0.0.1:7001"},
                                  {"endpoint", "tcp://10.0.0.1:7001"},
                                  {"version", ""},
                                  {"metadata", json::object()}}));
    EXPECT_EQ(client.call("services"), (json{"calc", "other"}));
    EXPECT_EQ(client.call("resolve", {{"service", "nobody"}}), json::array());
}

TEST(RegistryMethods, RegisteringTheSameIdAgainReplacesTheInstanceAndItsLease) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    registry::RegistryClient typed(client);
    registry::Instance first;
    first.id = "one";
    first.endpoint = "tcp://10.0.0.1:7001";
    auto old_lease = typed.register_("calc", first, 30);
    auto second = first;
    second.endpoint = "tcp://10.0.0.1:7002";
    auto new_lease = typed.register_("calc", second, 30);

    auto instances = typed.resolve("calc");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(instances[0].endpoint, "tcp://10.0.0.1:7002");
    EXPECT_THROW(typed.keep_alive(old_lease.lease), registry::UnknownLease);
    EXPECT_EQ(typed.keep_alive(new_lease.lease), 30);
}

TEST(RegistryMethods, RegisteringTheSameInstanceAgainWakesNoWatcher) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    auto before = client.call("watch", {{"service", "calc"}});
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    auto start = Clock::now();
    auto after =
        client.call("watch", {{"service", "calc"}, {"since_revision", before["revision"]}, {"timeout_ms", 200}});
    EXPECT_GE(since(start), 150ms);  // answered at its timeout, not by a change
    EXPECT_EQ(after, before);
}

TEST(RegistryMethods, AnUnknownLeaseIsTheDeclaredError) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto error = error_of(client, "keep_alive", {{"lease", "no-such-lease"}});
    EXPECT_EQ(error.code(), registry::UnknownLease::error_code);
    EXPECT_EQ(error.message(), "unknown lease: register again");
}

TEST(RegistryMethods, DeregisterRemovesAtOnceAndIsHarmlessTwice) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto lease = client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")))["lease"];
    EXPECT_EQ(client.call("deregister", {{"lease", lease}}), true);
    EXPECT_EQ(client.call("deregister", {{"lease", lease}}), false);
    EXPECT_EQ(client.call("resolve", {{"service", "calc"}}), json::array());
    EXPECT_EQ(client.call("services"), json::array());
    EXPECT_EQ(error_of(client, "keep_alive", {{"lease", lease}}).code(), registry::UnknownLease::error_code);
}

TEST(RegistryMethods, AnInstanceNotKeptAliveExpiresAndItsWatchersHearOfIt) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto start = Clock::now();
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001"), 1));
    auto seen = client.call("watch", {{"service", "calc"}});
    ASSERT_EQ(seen["instances"].size(), 1u);
    // Nobody keeps it alive: the watch answers when the TTL runs out, not at its own timeout.
    auto gone =
        client.call("watch", {{"service", "calc"}, {"since_revision", seen["revision"]}, {"timeout_ms", 10000}});
    EXPECT_EQ(gone["instances"], json::array());
    EXPECT_GT(gone["revision"].get<std::int64_t>(), seen["revision"].get<std::int64_t>());
    EXPECT_GE(since(start), 900ms);
    EXPECT_LT(since(start), 3s);
    EXPECT_EQ(client.call("resolve", {{"service", "calc"}}), json::array());
}

TEST(RegistryMethods, KeepAliveRenewsTheWholeTtl) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto lease = client.call("register", registration("calc", instance("tcp://10.0.0.1:7001"), 1))["lease"];
    for (int i = 0; i < 6; ++i) {
        std::this_thread::sleep_for(300ms);
        EXPECT_EQ(client.call("keep_alive", {{"lease", lease}}), 1);
    }
    EXPECT_EQ(client.call("resolve", {{"service", "calc"}}).size(), 1u);
}

TEST(RegistryMethods, WatchAnswersAtOnceForAnOlderRevisionElseAtAChangeOrItsTimeout) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    // Nobody registered: revision 0, answered at once for -1 (the default).
    EXPECT_EQ(client.call("watch", {{"service", "calc"}}), (json{{"revision", 0}, {"instances", json::array()}}));

    auto start = Clock::now();
    auto unchanged = client.call("watch", {{"service", "calc"}, {"since_revision", 0}, {"timeout_ms", 300}});
    EXPECT_GE(since(start), 250ms);
    EXPECT_EQ(unchanged["revision"], 0);

    auto waiting = client.call_async("watch", {{"service", "calc"}, {"since_revision", 0}, {"timeout_ms", 20000}});
    ASSERT_TRUE(eventually([&] { return registry.registry_store.waiting_watches() == 1; }));
    start = Clock::now();
    Client other(registry.endpoint);
    other.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    ASSERT_EQ(waiting.wait_for(1s), std::future_status::ready);
    auto changed = waiting.get();
    EXPECT_LT(since(start), 1s);
    EXPECT_GT(changed["revision"].get<std::int64_t>(), 0);
    ASSERT_EQ(changed["instances"].size(), 1u);
    EXPECT_EQ(changed["instances"][0]["endpoint"], "tcp://10.0.0.1:7001");
}

TEST(RegistryMethods, WaitingWatchesHoldNoHandlerThread) {
    ServerOptions options;
    options.threads = 1;
    InProcessRegistry registry({}, options);
    std::vector<std::unique_ptr<Client>> watchers;
    std::vector<std::future<json>> answers;
    for (int i = 0; i < 5; ++i) {
        watchers.push_back(std::make_unique<Client>(registry.endpoint));
        answers.push_back(
            watchers.back()->call_async("watch", {{"service", "calc"}, {"since_revision", 0}, {"timeout_ms", 20000}}));
    }
    ASSERT_TRUE(eventually([&] { return registry.registry_store.waiting_watches() == 5; }));
    // Five long polls wait, and the one handler thread still answers at once.
    Client client(registry.endpoint);
    auto start = Clock::now();
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    EXPECT_LT(since(start), 1s);
    for (auto& answer : answers) {
        ASSERT_EQ(answer.wait_for(2s), std::future_status::ready);
        EXPECT_EQ(answer.get()["instances"].size(), 1u);
    }
}

TEST(RegistryMethods, BadArgumentsAreInvalidParamsThatSayWhatIsWrong) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto ok = instance("tcp://10.0.0.1:7001");
    expect_invalid_params(client, "register", registration("calc", ok, 0),
                          "Invalid params: 'ttl_seconds' must be from 1 to 3600, got 0");
    expect_invalid_params(client, "register", registration("calc", ok, 3601),
                          "Invalid params: 'ttl_seconds' must be from 1 to 3600, got 3601");
    expect_invalid_params(client, "register", registration("", ok), "Invalid params: 'service' must not be empty");
    expect_invalid_params(client, "register", registration("a/b", ok),
                          "Invalid params: 'service' must not contain '/'");
    expect_invalid_params(client, "register", registration(std::string(300, 's'), ok),
                          "Invalid params: 'service' must be at most 256 bytes, got 300");
    expect_invalid_params(client, "register", registration("calc", instance("")),
                          "Invalid params: 'instance.endpoint' must not be empty");
    auto huge = ok;
    huge["metadata"] = {{"blob", std::string(9000, 'x')}};
    auto error = error_of(client, "register", registration("calc", huge));
    EXPECT_EQ(error.code(), error_code::invalid_params);
    EXPECT_NE(error.message().find("'instance' must be at most 8192 bytes of JSON"), std::string::npos)
        << error.message();
    // What the document declares is checked by the generated binding, in the same words.
    error = error_of(client, "register", registration("calc", json{{"id", "x"}}));
    EXPECT_EQ(error.code(), error_code::invalid_params);
    EXPECT_NE(error.message().find("endpoint"), std::string::npos) << error.message();
    error = error_of(client, "register", registration("calc", json{{"endpoint", "tcp://x:1"}, {"metadata", 5}}));
    EXPECT_EQ(error.code(), error_code::invalid_params);
    EXPECT_NE(error.message().find("metadata"), std::string::npos) << error.message();
    error = error_of(client, "resolve", {{"service", 5}});
    EXPECT_EQ(error.code(), error_code::invalid_params);
    EXPECT_NE(error.message().find("'service'"), std::string::npos) << error.message();
    expect_invalid_params(client, "watch", {{"service", "calc"}, {"timeout_ms", -5}},
                          "Invalid params: 'timeout_ms' must not be negative, got -5");
    EXPECT_EQ(registry.registry_store.instance_count(), 0u);
}

TEST(RegistryMethods, ALongPollBeyondTheCapIsCappedNotRefused) {
    InProcessRegistry registry;
    Client client(registry.endpoint);
    auto waiting = client.call_async("watch", {{"service", "calc"}, {"since_revision", 0}, {"timeout_ms", 1000000000}});
    ASSERT_TRUE(eventually([&] { return registry.registry_store.waiting_watches() == 1; }));
    Client other(registry.endpoint);
    other.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    ASSERT_EQ(waiting.wait_for(2s), std::future_status::ready);
    EXPECT_EQ(waiting.get()["instances"].size(), 1u);
}

TEST(RegistryMethods, TheLimitsRefuseWithAClearError) {
    InProcessRegistry registry(registry::StoreLimits{2, 1});
    Client client(registry.endpoint);
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));
    client.call("register", registration("other", instance("tcp://10.0.0.2:7001")));
    auto error = error_of(client, "register", registration("calc", instance("tcp://10.0.0.3:7001")));
    EXPECT_EQ(error.code(), registry::TooManyInstances::error_code);
    EXPECT_EQ(error.message(), "the registry holds 2 instances, its limit (--max-instances)");
    // Replacing an instance adds none: allowed at the limit.
    client.call("register", registration("calc", instance("tcp://10.0.0.1:7001")));

    auto waiting = client.call_async("watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 300}});
    ASSERT_TRUE(eventually([&] { return registry.registry_store.waiting_watches() == 1; }));
    Client other(registry.endpoint);
    error = error_of(other, "watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 300}});
    EXPECT_EQ(error.code(), registry::TooManyWatches::error_code);
    EXPECT_EQ(error.message(), "the registry has 1 watches waiting, its limit (--max-watches)");
    // A watch that need not wait is answered whatever the limit.
    EXPECT_EQ(other.call("watch", {{"service", "calc"}})["instances"].size(), 1u);
    waiting.get();  // its timeout frees its place
    EXPECT_NO_THROW(other.call("watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 10}}));
}

}  // namespace
}  // namespace rpcforge::test
