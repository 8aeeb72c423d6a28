// rpcforge-registry as a process of its own, where the process matters: a registering server
// killed outright, the registry restarted under a registration, its limit flags, its UDP
// endpoint, and `rpcforge registry` running it.

#include "registry_fixtures.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/discovery.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mutex>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<Discovery> open(const std::string& uri) { return open_discovery(DiscoveryUri::parse(uri)); }

ServiceInstance server(const std::string& endpoint) {
    ServiceInstance instance;
    instance.endpoint = endpoint;
    return instance;
}

bool resolves(Discovery& discovery, const std::string& service, std::size_t count) {
    try {
        return discovery.resolve(service).size() == count;
    } catch (const DiscoveryError&) {
        return false;
    }
}

/// A registering server in a process of its own (registrant_main.cpp).
class Registrant {
public:
    Registrant(const std::string& uri, const std::string& endpoint, int ttl_seconds)
        : child_({RPCFORGE_REGISTRANT, uri, "calc", endpoint, std::to_string(ttl_seconds)}),
          out_(child_.take_stdout()) {
        // It prints nothing else; on a failure it exits, with its reason on stderr.
        std::string said;
        for (char c = 0; said != "registered\n" && ::read(out_, &c, 1) == 1;) said += c;
        if (said != "registered\n") throw std::runtime_error("the registrant did not register");
    }
    ~Registrant() { ::close(out_); }
    void kill() {
        ::kill(child_.pid(), SIGKILL);
        child_.wait_for(10s);
    }

private:
    detail::ChildProcess child_;
    int out_;
};

TEST(RegistryProcess, AKilledServerDisappearsWhenItsTtlRunsOut) {
    RegistryProcess registry;
    auto discovery = open(registry.uri("calc"));
    Registrant registrant(registry.uri("calc"), "tcp://10.0.0.1:7001", 1);
    ASSERT_EQ(discovery->resolve("calc").size(), 1u);
    std::mutex mutex;
    std::vector<ServiceInstance> last{server("x")};
    auto watch = discovery->watch("calc", [&](std::vector<ServiceInstance> live) {
        std::lock_guard lock(mutex);
        last = std::move(live);
    });
    std::this_thread::sleep_for(2500ms);  // its keep-alives hold it past its TTL
    EXPECT_EQ(discovery->resolve("calc").size(), 1u);

    registrant.kill();  // no deregistration: only the TTL removes it
    auto killed = std::chrono::steady_clock::now();
    ASSERT_TRUE(eventually([&] { return resolves(*discovery, "calc", 0); }, 5s));
    EXPECT_LT(std::chrono::steady_clock::now() - killed, 2500ms);
    EXPECT_TRUE(eventually(
        [&] {
            std::lock_guard lock(mutex);
            return last.empty();
        },
        1s));
}

TEST(RegistryProcess, ARegistrationRegistersAgainWithARestartedRegistry) {
    auto registry = std::make_unique<RegistryProcess>();
    const auto port = registry->port();
    auto uri = registry->uri("calc");
    auto discovery = open(uri);
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 2s);
    std::mutex mutex;
    std::vector<ServiceInstance> last;
    auto watch = discovery->watch("calc", [&](std::vector<ServiceInstance> live) {
        std::lock_guard lock(mutex);
        last = std::move(live);
    });

    EXPECT_EQ(registry->kill(SIGTERM), 0);
    registry.reset();
    registry = std::make_unique<RegistryProcess>(std::vector<std::string>{}, port);  // empty, on the same port
    ASSERT_TRUE(eventually([&] { return resolves(*discovery, "calc", 1); }, 5s));
    EXPECT_TRUE(eventually(
        [&] {
            std::lock_guard lock(mutex);
            return last.size() == 1;
        },
        5s));
}

TEST(RegistryProcess, TheLimitFlagsRefuseWithAClearError) {
    RegistryProcess registry({"--max-instances", "1", "--max-watches", "1"});
    Client client("tcp://" + registry.store());
    client.call("register", {{"service", "calc"}, {"instance", {{"endpoint", "tcp://10.0.0.1:7001"}}}});
    try {
        client.call("register", {{"service", "calc"}, {"instance", {{"endpoint", "tcp://10.0.0.2:7001"}}}});
        ADD_FAILURE() << "registered past --max-instances";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), 1002);
        EXPECT_EQ(e.message(), "the registry holds 1 instances, its limit (--max-instances)");
    }
    auto waiting = client.call_async("watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 2000}});
    std::this_thread::sleep_for(200ms);
    Client other("tcp://" + registry.store());
    try {
        other.call("watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 2000}});
        ADD_FAILURE() << "a second watch waited past --max-watches";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), 1003);
    }
    waiting.get();
}

TEST(RegistryProcess, AStopAnswersTheWatchesWaitingRatherThanWaitingForThem) {
    RegistryProcess registry;
    Client client("tcp://" + registry.store());
    auto waiting = client.call_async("watch", {{"service", "calc"}, {"since_revision", 1000}, {"timeout_ms", 30000}});
    std::this_thread::sleep_for(200ms);
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(registry.kill(SIGTERM), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "the stop waited for the long poll";
    auto answer = waiting.get();
    EXPECT_EQ(answer["instances"], json::array());
}

TEST(RegistryProcess, RunsAsRpcforgeRegistry) {
    RegistryProcess registry({}, 0, {rpcforge_path(), "registry"});
    auto discovery = open(registry.uri("calc"));
    auto registration = discovery->register_instance("calc", server("tcp://10.0.0.1:7001"), 30s);
    EXPECT_EQ(discovery->resolve("calc").size(), 1u);
}

/// A UDP socket on loopback that sends datagrams to the registry and reads its answers.
class Datagrams {
public:
    explicit Datagrams(const std::string& address) : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
        auto colon = address.rfind(':');
        to_.sin_family = AF_INET;
        to_.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
        ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &to_.sin_addr);
    }
    ~Datagrams() { ::close(fd_); }
    /// Sends `text` and returns the answer ("" when none came within `timeout`).
    std::string exchange(const std::string& text, std::chrono::milliseconds timeout = 5s) {
        ::sendto(fd_, text.data(), text.size(), 0, reinterpret_cast<const sockaddr*>(&to_), sizeof to_);
        pollfd wanted{fd_, POLLIN, 0};
        if (::poll(&wanted, 1, static_cast<int>(timeout.count())) != 1) return "";
        std::string answer(70000, '\0');
        auto size = ::recv(fd_, answer.data(), answer.size(), 0);
        answer.resize(size > 0 ? static_cast<std::size_t>(size) : 0);
        return answer;
    }
    json call(const std::string& method, json params) {
        auto answer = exchange(to_wire(make_request(method, std::move(params), 7)));
        return answer.empty() ? json() : json::parse(answer);
    }

private:
    int fd_;
    sockaddr_in to_{};
};

TEST(RegistryProcess, UdpTakesOneRequestPerDatagram) {
    RegistryProcess registry({"--udp", "127.0.0.1:0"});
    Datagrams udp(registry.udp());
    auto registered = udp.call(
        "register", {{"service", "calc"}, {"instance", {{"endpoint", "tcp://10.0.0.1:7001"}}}, {"ttl_seconds", 30}});
    ASSERT_TRUE(registered.contains("result")) << registered.dump();
    EXPECT_EQ(registered["id"], 7);
    auto lease = registered["result"]["lease"];
    EXPECT_EQ(udp.call("keep_alive", {{"lease", lease}})["result"], 30);
    auto resolved = udp.call("resolve", {{"service", "calc"}});
    ASSERT_EQ(resolved["result"].size(), 1u);
    EXPECT_EQ(resolved["result"][0]["endpoint"], "tcp://10.0.0.1:7001");
    // The same registry as over TCP, and its long poll too.
    EXPECT_EQ(open(registry.uri("calc"))->resolve("calc").size(), 1u);
    auto watched = udp.call("watch", {{"service", "calc"}, {"since_revision", 0}, {"timeout_ms", 100}});
    EXPECT_EQ(watched["result"]["instances"].size(), 1u);
    EXPECT_EQ(udp.call("keep_alive", {{"lease", "nope"}})["error"]["code"], 1001);

    auto answer = json::parse(udp.exchange(R"({"jsonrpc": "2.0", "method": "resolve", "params": {"service": "calc"})" +
                                           std::string(9000, ' ') + "}"));
    EXPECT_EQ(answer["error"]["code"], error_code::invalid_request);
    EXPECT_EQ(answer["error"]["message"], "Invalid Request: a datagram carries at most 8192 bytes");
    answer = json::parse(udp.exchange(R"([{"jsonrpc": "2.0", "method": "services", "id": 1}])"));
    EXPECT_EQ(answer["error"]["message"], "Invalid Request: one request per datagram, not a batch");
    answer = json::parse(udp.exchange("{not json"));
    EXPECT_EQ(answer["error"]["code"], error_code::parse_error);
    // A notification gets no answer; the registry goes on answering after it.
    EXPECT_EQ(udp.exchange(R"({"jsonrpc": "2.0", "method": "services"})", 300ms), "");
    EXPECT_EQ(udp.call("services", nullptr)["result"], json{"calc"});
}

TEST(RegistryProcess, AnAnswerTooLargeForADatagramSaysToAskOverTcp) {
    RegistryProcess registry({"--udp", "127.0.0.1:0", "--max-datagram-bytes", "512"});
    Client client("tcp://" + registry.store());
    client.call("register",
                {{"service", "calc"},
                 {"instance", {{"endpoint", "tcp://10.0.0.1:7001"}, {"metadata", {{"x", std::string(600, 'x')}}}}}});
    Datagrams udp(registry.udp());
    auto answer = udp.call("resolve", {{"service", "calc"}});
    EXPECT_EQ(answer["id"], 7);
    EXPECT_EQ(answer["error"]["code"], error_code::internal_error);
    auto message = answer["error"]["message"].get<std::string>();
    EXPECT_NE(message.find("more than a datagram here carries (512); ask over TCP"), std::string::npos) << message;
}

}  // namespace
}  // namespace rpcforge::test
