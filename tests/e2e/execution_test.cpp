// How calls run, over real TCP: asynchronous handlers, method policies (the I/O thread, caps,
// exclusive), the notification pool, batches run side by side, per-connection order.
// Tests hold replies to make every interleaving deterministic; the few checks that something
// did NOT happen wait a moment first, and can only pass wrongly, never fail wrongly.

#include "support/gate.hpp"
#include "support/http_probe.hpp"
#include "support/raw_stream.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace rpcforge::test {
namespace {

constexpr auto deadline = std::chrono::seconds(10);
/// How long a check that something does not happen waits for it.
constexpr auto a_moment = std::chrono::milliseconds(200);

/// Replies that handlers hand over, for the test to answer when it chooses; and a log of
/// events in the order they happened.
class Held {
public:
    void hold(int n, Reply<int> reply) {
        std::lock_guard lock(mutex_);
        replies_.emplace_back(n, std::move(reply));
        events_.push_back("held " + std::to_string(n));
        changed_.notify_all();
    }
    void log(std::string event) {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(event));
        changed_.notify_all();
    }
    /// True once `count` replies have been held (in all, answered or not).
    bool wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadline, [&] { return replies_.size() >= count; });
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return replies_.size();
    }
    /// Answers the held call of argument n with n * 10.
    void answer(int n) {
        std::unique_lock lock(mutex_);
        for (auto& [held, reply] : replies_)
            if (held == n) {
                auto answer = reply;
                lock.unlock();
                answer(n * 10);
                return;
            }
        ADD_FAILURE() << "no call of " << n << " is held";
    }
    std::vector<std::string> events() {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::pair<int, Reply<int>>> replies_;
    std::vector<std::string> events_;
};

struct ExecutionTest : ::testing::Test {
    void SetUp() override {
        dispatcher.add("later", {"n"}, [this](int n, Reply<int> reply) { held.hold(n, std::move(reply)); });
        dispatcher.add("now", {"n"}, [](int n) { return n; });
        dispatcher.add("block", [this] {
            gate.wait();
            return true;
        });
    }
    void start(ServerOptions options = {}) {
        server = std::make_unique<Server>(dispatcher, options);
        uri = server->listen("tcp://127.0.0.1:0");
        server->start();
    }
    void TearDown() override {
        gate.open();
        if (server) server->stop();
    }

    Dispatcher dispatcher;
    Held held;
    Gate gate;
    std::unique_ptr<Server> server;
    std::string uri;
};

TEST_F(ExecutionTest, AnAsyncHandlerAnswersLaterWithoutHoldingAThreadOrItsConnection) {
    start({.threads = 1});
    Client client(uri);
    auto later = client.call_async("later", {1});
    ASSERT_TRUE(held.wait_for(1));
    // One handler thread, one connection, calls in order: the next call is still served.
    EXPECT_EQ(client.call("now", {2}), 2);
    held.answer(1);
    EXPECT_EQ(later.get(), 10);
}

TEST_F(ExecutionTest, AnAsyncHandlerFailsThroughItsReplyOrByThrowing) {
    dispatcher.add("refuse", {"how"}, [](const std::string& how, Reply<int> reply) {
        if (how == "throw") throw Error(-32010, "thrown");
        if (how == "fail") return reply.fail(Error(-32011, "failed", {{"why", "asked"}}));
        if (how == "drop") return;  // the reply is destroyed unanswered
        reply(1);
        reply(2);  // a second answer is a bug of the handler's, and changes nothing
    });
    start();
    Client client(uri);
    auto code_of = [&](const std::string& how) {
        try {
            client.call("refuse", {how});
        } catch (const Error& e) {
            return e.code();
        }
        return 0;
    };
    EXPECT_EQ(code_of("throw"), -32010);
    EXPECT_EQ(code_of("fail"), -32011);
    EXPECT_EQ(code_of("drop"), error_code::internal_error);
    EXPECT_EQ(client.call("refuse", {"twice"}), 1);  // the first answer stands
}

TEST_F(ExecutionTest, ASerializedMethodRunsOneCallAtATime) {
    dispatcher.set_policy("later", MethodPolicy::serialized());
    start();
    Client first(uri), second(uri);
    auto one = first.call_async("later", {1});
    ASSERT_TRUE(held.wait_for(1));
    auto two = second.call_async("later", {2});
    std::this_thread::sleep_for(a_moment);
    EXPECT_EQ(held.count(), 1u);
    // The waiting call holds up nothing else, not even its own connection.
    EXPECT_EQ(second.call("now", {3}), 3);
    held.answer(1);
    ASSERT_TRUE(held.wait_for(2));
    held.answer(2);
    EXPECT_EQ(one.get(), 10);
    EXPECT_EQ(two.get(), 20);
}

TEST_F(ExecutionTest, ACapLetsThatManyCallsRunAtOnce) {
    dispatcher.set_policy("later", MethodPolicy::capped(2));
    start();
    Client client(uri);
    std::vector<std::future<json>> calls;
    for (int n = 1; n <= 3; ++n) calls.push_back(client.call_async("later", {n}));
    ASSERT_TRUE(held.wait_for(2));
    std::this_thread::sleep_for(a_moment);
    EXPECT_EQ(held.count(), 2u);
    held.answer(1);
    ASSERT_TRUE(held.wait_for(3));
    held.answer(2);
    held.answer(3);
    for (int n = 1; n <= 3; ++n) EXPECT_EQ(calls[n - 1].get(), n * 10);
}

TEST_F(ExecutionTest, AnExclusiveMethodWaitsForTheRunningCallsAndRunsAlone) {
    dispatcher.add("reset", [this] { held.log("reset"); });
    dispatcher.set_policy("reset", MethodPolicy::alone());
    start();
    Client a(uri), b(uri), c(uri);
    auto first = a.call_async("later", {1});
    ASSERT_TRUE(held.wait_for(1));
    auto reset = b.call_async("reset");
    std::this_thread::sleep_for(a_moment);
    auto second = c.call_async("later", {2});  // arrives while the exclusive call waits: queues behind it
    std::this_thread::sleep_for(a_moment);
    EXPECT_EQ(held.events(), std::vector<std::string>{"held 1"});
    held.answer(1);
    ASSERT_TRUE(held.wait_for(2));
    held.answer(2);
    EXPECT_EQ(first.get(), 10);
    EXPECT_TRUE(reset.get().is_null());
    EXPECT_EQ(second.get(), 20);
    EXPECT_EQ(held.events(), (std::vector<std::string>{"held 1", "reset", "held 2"}));
}

TEST_F(ExecutionTest, AMethodOnTheIoThreadIsAnsweredWhileEveryHandlerThreadIsBusy) {
    dispatcher.set_policy("now", MethodPolicy::on_io_thread());
    EXPECT_THROW(dispatcher.set_policy("block", {.thread = MethodPolicy::Thread::io, .max_concurrent = 1}),
                 std::invalid_argument);
    start({.threads = 1});
    Client blocked(uri), other(uri);
    auto busy = blocked.call_async("block");
    ASSERT_TRUE(gate.wait_for_waiters(1));
    EXPECT_EQ(other.call("now", {7}), 7);
    gate.open();
    EXPECT_EQ(busy.get(), true);
}

TEST_F(ExecutionTest, NotificationsRunOnTheirOwnPoolWhileTheHandlersAreBusy) {
    std::mutex mutex;
    std::condition_variable noted;
    int notes = 0;
    dispatcher.add_notification("note", [&] {
        std::lock_guard lock(mutex);
        ++notes;
        noted.notify_all();
    });
    start({.threads = 1, .notification_threads = 1});
    Client blocked(uri), other(uri);
    auto busy = blocked.call_async("block");
    ASSERT_TRUE(gate.wait_for_waiters(1));
    other.notify("note");
    other.notify("note");
    {
        std::unique_lock lock(mutex);
        EXPECT_TRUE(noted.wait_for(lock, deadline, [&] { return notes == 2; }));
    }
    gate.open();
    EXPECT_EQ(busy.get(), true);
}

TEST_F(ExecutionTest, ABatchRunsItsMembersSideBySideAndAnswersInRequestOrder) {
    start({.threads = 2});
    RawStream raw(uri);
    raw.send(R"([{"jsonrpc":"2.0","method":"later","params":[1],"id":"a"},)"
             R"({"jsonrpc":"2.0","method":"later","params":[2],"id":"b"},)"
             R"({"jsonrpc":"2.0","method":"now","params":[3],"id":"c"}])");
    ASSERT_TRUE(held.wait_for(2));  // both held at once: neither waited for the other
    held.answer(2);
    held.answer(1);
    auto answer = raw.receive();
    ASSERT_TRUE(answer);
    auto batch = json::parse(*answer);
    ASSERT_EQ(batch.size(), 3u);
    EXPECT_EQ(batch[0]["id"], "a");
    EXPECT_EQ(batch[0]["result"], 10);
    EXPECT_EQ(batch[1]["id"], "b");
    EXPECT_EQ(batch[1]["result"], 20);
    EXPECT_EQ(batch[2]["result"], 3);
}

TEST_F(ExecutionTest, OneConnectionsCallsStartInOrderUnlessTheyMayRunConcurrently) {
    // In order (the default): "block" holds the connection's turn, so "now" waits for it.
    start({.threads = 2});
    {
        RawStream raw(uri);
        raw.send(R"({"jsonrpc":"2.0","method":"block","id":1})");
        ASSERT_TRUE(gate.wait_for_waiters(1));
        raw.send(R"({"jsonrpc":"2.0","method":"now","params":[2],"id":2})");
        EXPECT_FALSE(raw.receive(a_moment));
        gate.open();
        EXPECT_EQ(json::parse(raw.receive().value())["id"], 1);
        EXPECT_EQ(json::parse(raw.receive().value())["id"], 2);
    }
    server->stop();

    Gate second_gate;
    Dispatcher concurrent;
    concurrent.add("block", [&] {
        second_gate.wait();
        return true;
    });
    concurrent.add("now", {"n"}, [](int n) { return n; });
    Server other(concurrent, {.threads = 2, .peer = {.concurrent_requests = true}});
    RawStream raw(other.listen("tcp://127.0.0.1:0"));
    other.start();
    raw.send(R"({"jsonrpc":"2.0","method":"block","id":1})");
    ASSERT_TRUE(second_gate.wait_for_waiters(1));
    raw.send(R"({"jsonrpc":"2.0","method":"now","params":[2],"id":2})");
    auto overtaking = raw.receive();
    second_gate.open();
    ASSERT_TRUE(overtaking);
    EXPECT_EQ(json::parse(*overtaking)["id"], 2);
    EXPECT_EQ(json::parse(raw.receive().value())["id"], 1);
}

TEST_F(ExecutionTest, HttpAnswersPipelinedRequestsInTheirOrderWhateverOrderTheyFinishIn) {
    server = std::make_unique<Server>(dispatcher, ServerOptions{});
    uri = server->listen("http://127.0.0.1:0/rpc");
    server->start();
    HttpProbe probe(uri);
    probe.write(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"later","params":[1],"id":1})") +
                HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","method":"now","params":[2],"id":2})"));
    ASSERT_TRUE(held.wait_for(1));
    EXPECT_FALSE(probe.read(a_moment));  // the second is answered, but must wait for the first
    held.answer(1);
    auto first = probe.read();
    auto second = probe.read();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(json::parse(first->body)["result"], 10);
    EXPECT_EQ(json::parse(second->body)["result"], 2);
}

TEST_F(ExecutionTest, StoppingWaitsForAnAsyncCallInFlight) {
    start();
    Client client(uri);
    auto later = client.call_async("later", {4});
    ASSERT_TRUE(held.wait_for(1));
    std::thread stopping([&] { server->stop(deadline); });
    std::this_thread::sleep_for(a_moment);
    held.answer(4);
    stopping.join();
    EXPECT_EQ(later.get(), 40);
}

}  // namespace
}  // namespace rpcforge::test
