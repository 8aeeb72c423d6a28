// The balancing channel against servers in this process, over TCP on loopback: how it spreads
// calls, which failures it sends elsewhere, ejection and re-probing, following discovery.

#include "scale_out/test_servers.hpp"

#include <rpcforge/balanced_channel.hpp>
#include <rpcforge/error.hpp>

#include "support/child_server.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

BalancedChannelOptions quick_options() {
    BalancedChannelOptions options;
    options.client.connect_timeout = 2s;
    options.client.peer.call_timeout = 5s;
    options.eject_time = 100ms;
    return options;
}

std::map<std::string, int> count_answers(Channel& channel, int calls) {
    std::map<std::string, int> answers;
    for (int i = 0; i < calls; ++i) ++answers[channel.call("who").get<std::string>()];
    return answers;
}

TEST(BalancedChannel, RoundRobinGivesEachInstanceItsTurn) {
    TaggedServer a("a"), b("b"), c("c");
    BalancedChannel channel(endpoint_list({a.uri(), b.uri(), c.uri()}), "tagged", quick_options());
    auto answers = count_answers(channel, 300);
    EXPECT_EQ(answers, (std::map<std::string, int>{{"a", 100}, {"b", 100}, {"c", 100}}));
    for (const auto& instance : channel.instances()) {
        EXPECT_EQ(instance.calls, 100u) << instance.instance.endpoint;
        EXPECT_EQ(instance.outstanding, 0u);
        EXPECT_TRUE(instance.connected);
    }
}

TEST(BalancedChannel, LeastOutstandingSendsAroundABusyInstance) {
    TaggedServer a("a"), b("b");
    auto options = quick_options();
    options.balancing = Balancing::least_outstanding;
    BalancedChannel channel(endpoint_list({a.uri(), b.uri()}), "tagged", options);
    auto slow = channel.call_async("sleep", {{"ms", 600}});  // the first turn: waits on one instance
    auto busy = eventually([&] {
        for (const auto& instance : channel.instances())
            if (instance.outstanding == 1) return true;
        return false;
    }, 2s);
    ASSERT_TRUE(busy);
    auto answers = count_answers(channel, 20);
    std::string slow_one = slow.get().get<std::string>();
    ASSERT_EQ(answers.size(), 1u) << "every quick call goes to the instance that is not busy";
    EXPECT_NE(answers.begin()->first, slow_one);
    EXPECT_EQ(answers.begin()->second, 20);
}

TEST(BalancedChannel, ACallThatCouldNotBeSentGoesToAnotherInstance) {
    TaggedServer live("live");
    std::string dead = unused_tcp_uri();
    BalancedChannel channel(endpoint_list({dead, live.uri()}), "tagged", quick_options());
    // Not idempotent, and yet never lost: none of these reached the dead instance.
    auto answers = count_answers(channel, 10);
    EXPECT_EQ(answers, (std::map<std::string, int>{{"live", 10}}));
    for (const auto& instance : channel.instances()) {
        if (instance.instance.endpoint != dead) continue;
        EXPECT_GE(instance.failures, 1u);
        EXPECT_FALSE(instance.connected);
    }
}

TEST(BalancedChannel, OverHttpARefusedConnectionIsNotSentEither) {
    TaggedServer live("live", "http://127.0.0.1:0/rpc");
    auto dead = unused_tcp_uri();
    dead = "http://" + dead.substr(std::string("tcp://").size()) + "/rpc";
    BalancedChannel channel(endpoint_list({dead, live.uri()}), "tagged", quick_options());
    EXPECT_EQ(count_answers(channel, 10), (std::map<std::string, int>{{"live", 10}}));
}

TEST(BalancedChannel, ACallLostAfterItWasSentFailsNamingTheInstanceUnlessIdempotent) {
    DroppingServer dropping;
    BalancedChannel alone(endpoint_list({dropping.uri()}), "tagged", quick_options());
    try {
        alone.call("who");
        FAIL() << "the call cannot have an answer";
    } catch (const NotSentError& e) {
        FAIL() << "it was sent: " << e.what();
    } catch (const ConnectionError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find(dropping.uri()), std::string::npos) << message;
        EXPECT_NE(message.find("not marked idempotent"), std::string::npos) << message;
    }
    EXPECT_EQ(dropping.requests(), 1);

    TaggedServer live("live");
    BalancedChannel both(endpoint_list({dropping.uri(), live.uri()}), "tagged", quick_options());
    CallOptions idempotent;
    idempotent.idempotent = true;
    for (int i = 0; i < 4; ++i) EXPECT_EQ(both.call("who", nullptr, idempotent), "live");
    EXPECT_GE(dropping.requests(), 2) << "one of the calls went to the dropping instance first";
}

TEST(BalancedChannel, AnIdempotentCallIsSentAtMostMaxAttemptsTimes) {
    DroppingServer a, b, c;
    auto options = quick_options();
    options.max_attempts = 2;
    BalancedChannel channel(endpoint_list({a.uri(), b.uri(), c.uri()}), "tagged", options);
    CallOptions idempotent;
    idempotent.idempotent = true;
    EXPECT_THROW(channel.call("who", nullptr, idempotent), ConnectionError);
    EXPECT_EQ(a.requests() + b.requests() + c.requests(), 2) << "two sends, though a third instance was left";
}

TEST(BalancedChannel, AnErrorTheServerAnsweredIsTheAnswerAndIsNotSentAgain) {
    TaggedServer a("a"), b("b");
    BalancedChannel channel(endpoint_list({a.uri(), b.uri()}), "tagged", quick_options());
    CallOptions idempotent;
    idempotent.idempotent = true;
    EXPECT_THROW(channel.call("no_such_method", nullptr, idempotent), Error);
    std::uint64_t calls = 0;
    for (const auto& instance : channel.instances()) calls += instance.calls;
    EXPECT_EQ(calls, 1u);
}

TEST(BalancedChannel, AnEjectedInstanceIsProbedAgainAfterItsBackoff) {
    TaggedServer live("live");
    std::string later = unused_tcp_uri();
    BalancedChannel channel(endpoint_list({later, live.uri()}), "tagged", quick_options());
    count_answers(channel, 4);  // ejects `later`, which is not listening yet
    TaggedServer revived("revived", later);
    EXPECT_TRUE(eventually([&] { return count_answers(channel, 2).count("revived") == 1; }, 5s))
        << "the instance gets calls again once it listens";
}

TEST(BalancedChannel, EveryTryFitsInTheCallsTimeout) {
    DroppingServer silent(DroppingServer::Mode::never_answer);
    BalancedChannel channel(endpoint_list({silent.uri()}), "tagged", quick_options());
    CallOptions options;
    options.timeout = 300ms;
    options.idempotent = true;
    auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(channel.call("who", nullptr, options), TimeoutError);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(BalancedChannel, WithoutInstancesACallIsNotSent) {
    BalancedChannel channel(endpoint_list({}), "tagged", quick_options());
    EXPECT_THROW(channel.call("who"), NotSentError);
    EXPECT_THROW(channel.notify("who"), NotSentError);
}

TEST(BalancedChannel, NotificationsAndBatchesGoToOneInstance) {
    TaggedServer a("a");
    BalancedChannel channel(endpoint_list({unused_tcp_uri(), a.uri()}), "tagged", quick_options());
    channel.notify("poke");
    EXPECT_TRUE(eventually([&] { return a.pokes() == 1; }, 2s));
    Batch batch;
    batch.call("who").call("who");
    auto answers = channel.send_batch(batch);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].get(), "a");
    EXPECT_EQ(answers[1].get(), "a");
}

TEST(BalancedChannel, FollowsDiscoveryAndLetsALeavingInstanceFinishItsCalls) {
    TaggedServer a("a"), b("b");
    auto discovery = std::make_shared<FakeDiscovery>();
    discovery->set({{a.uri(), a.uri(), "", json::object()}});
    BalancedChannel channel(discovery, "tagged", quick_options());
    EXPECT_EQ(count_answers(channel, 3), (std::map<std::string, int>{{"a", 3}}));

    discovery->set({{a.uri(), a.uri(), "", json::object()}, {b.uri(), b.uri(), "", json::object()}});
    EXPECT_EQ(count_answers(channel, 4), (std::map<std::string, int>{{"a", 2}, {"b", 2}}));

    auto slow = channel.call_async("sleep", {{"ms", 300}});
    discovery->set({});  // both leave; the call in flight still gets its answer
    EXPECT_NO_THROW(slow.get());
    EXPECT_THROW(channel.call("who"), NotSentError);
}

TEST(BalancedChannel, ClosingFailsTheCallsStillWaiting) {
    TaggedServer a("a");
    std::future<json> waiting;
    {
        BalancedChannel channel(endpoint_list({a.uri()}), "tagged", quick_options());
        waiting = channel.call_async("sleep", {{"ms", 2000}});
    }
    EXPECT_THROW(waiting.get(), ConnectionError);
}

TEST(BalancedChannel, RefusesMiddlewareItCannotRunPerCall) {
    auto options = quick_options();
    options.client.middleware.push_back(nullptr);
    EXPECT_THROW(BalancedChannel(endpoint_list({}), "tagged", options), std::invalid_argument);
}

TEST(OpenChannel, GivesAClientForAnEndpointAndABalancerForADiscoveryUri) {
    TaggedServer a("a");
    auto direct = open_channel(a.uri());
    EXPECT_NE(dynamic_cast<Client*>(direct.get()), nullptr);
    EXPECT_EQ(direct->call("who"), "a");
    EXPECT_THROW(open_channel("etcd://127.0.0.1:1"), std::invalid_argument) << "names no service";
}

}  // namespace
}  // namespace rpcforge::test
