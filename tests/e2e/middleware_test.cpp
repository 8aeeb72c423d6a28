// Middleware over real connections: one mechanism for every transport, for synchronous,
// asynchronous and batched calls and for notifications; order, refusal before the handler,
// the outcome and the times seen afterwards.

#include "support/certificates.hpp"
#include "support/http_probe.hpp"
#include "support/served_dispatcher.hpp"
#include "support/transports.hpp"

#include <rpcforge/middleware.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

/// What middleware saw, in order, from any thread.
class Journal {
public:
    void add(std::string entry) {
        std::lock_guard lock(mutex_);
        entries_.push_back(std::move(entry));
    }
    std::vector<std::string> entries() const {
        std::lock_guard lock(mutex_);
        return entries_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> entries_;
};

/// Writes "NAME>method" before and "NAME<method:CODE" after each call.
std::shared_ptr<Middleware> journaling(std::string name, Journal& journal) {
    return make_middleware([name, &journal](Call& call, CallContext&) { journal.add(name + ">" + std::string(call.method)); },
                           [name, &journal](const Call& call) {
                               journal.add(name + "<" + std::string(call.method) + ":" + std::to_string(call.error_code()));
                           });
}

using Served = ServedDispatcher;

class MiddlewareOnEveryTransport : public ::testing::TestWithParam<std::string> {};

TEST_P(MiddlewareOnEveryTransport, RunsAroundEachCallInRegistrationOrderAndSeesItsContext) {
    Served served;
    Journal journal;
    std::atomic<int> handled{0};
    served.dispatcher.add("add", {"a", "b"}, [&](std::int64_t a, std::int64_t b) {
        ++handled;
        return a + b;
    });
    served.dispatcher.use(journaling("outer", journal));
    served.dispatcher.use(make_middleware([&](Call& call, CallContext& context) {
        journal.add("inner>" + std::string(call.method) + " on " + context.transport() + " params " + context.request.params.dump());
    }, [&](const Call& call) { journal.add("inner<" + (call.answer ? call.answer->at("result").dump() : "none")); }));
    served.start(GetParam());
    auto client = served.client();

    EXPECT_EQ(client->call("add", {2, 3}), 5);
    auto transport = std::string(GetParam().substr(0, GetParam().find(':')));
    EXPECT_EQ(journal.entries(), (std::vector<std::string>{"outer>add", "inner>add on " + transport + " params [2,3]",
                                                           "inner<5", "outer<add:0"}));
    EXPECT_EQ(handled, 1);
}

INSTANTIATE_TEST_SUITE_P(Transports, MiddlewareOnEveryTransport,
                         ::testing::Values("tcp://127.0.0.1:0", "unix://" + temp_socket_path(), "tls://127.0.0.1:0",
                                           "http://127.0.0.1:0/rpc", "https://127.0.0.1:0/rpc", "ws://127.0.0.1:0/rpc",
                                           "wss://127.0.0.1:0/rpc"),
                         [](const auto& info) { return info.param.substr(0, info.param.find(':')); });

TEST(Middleware, ARefusalIsTheAnswerAndTheHandlerNeverRuns) {
    Served served;
    Journal journal;
    std::atomic<int> handled{0};
    served.dispatcher.add("drop_tables", [&] {
        ++handled;
        return true;
    });
    served.dispatcher.use(journaling("log", journal));
    served.dispatcher.use(make_middleware([](Call& call, CallContext&) {
        if (call.method == "drop_tables") throw Error(-32050, "Maintenance: try later");
    }));
    served.dispatcher.use(journaling("after_refuser", journal));
    served.start("tcp://127.0.0.1:0");
    auto client = served.client();

    try {
        client->call("drop_tables");
        FAIL() << "refused calls must fail";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), -32050);
        EXPECT_EQ(e.message(), "Maintenance: try later");
    }
    EXPECT_EQ(handled, 0);
    // Middleware nests like scopes: the one after the refuser never saw the call, the one
    // before it sees it begin and end with the refusal.
    EXPECT_EQ(journal.entries(), (std::vector<std::string>{"log>drop_tables", "log<drop_tables:-32050"}));
}

TEST(Middleware, SeesTheOutcomeOfAnAsynchronousHandlerThatAnswersLater) {
    Served served;
    std::promise<Call::Clock::duration> ran_for;
    std::promise<json> answered;
    std::thread worker;
    served.dispatcher.add("slow_double", {"x"}, [&](std::int64_t x, Reply<std::int64_t> reply) {
        worker = std::thread([x, reply] {
            std::this_thread::sleep_for(50ms);
            reply(2 * x);
        });
    });
    served.dispatcher.use(make_middleware(nullptr, [&](const Call& call) {
        ran_for.set_value(call.finished - call.started);
        answered.set_value(call.answer != nullptr ? *call.answer : json());
    }));
    served.start("tcp://127.0.0.1:0");

    EXPECT_EQ(served.client()->call("slow_double", {21}), 42);
    EXPECT_GE(ran_for.get_future().get(), 50ms);
    EXPECT_EQ(answered.get_future().get().at("result"), 42);
    worker.join();
}

TEST(Middleware, SeesEveryMemberOfABatchAndTheFailureOfANotification) {
    Served served;
    Journal journal;
    served.dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
    served.dispatcher.add_notification("explode", [] { throw std::runtime_error("secret internals"); });
    served.dispatcher.use(journaling("log", journal));
    served.start("http://127.0.0.1:0/rpc");

    auto client = served.client();  // outlives the futures
    auto answers = client->send_batch(Batch().call("add", {1, 2}).notify("explode").call("nope"));
    EXPECT_EQ(answers[0].get(), 3);
    EXPECT_THROW(answers[1].get(), Error);
    auto entries = journal.entries();
    std::sort(entries.begin(), entries.end());
    EXPECT_EQ(entries, (std::vector<std::string>{"log<add:0", "log<explode:-32603", "log<nope:-32601", "log>add",
                                                 "log>explode", "log>nope"}));
}

TEST(Middleware, TimesTheWaitForATurnApartFromTheRun) {
    Served served;
    std::promise<void> first_started;
    std::promise<void> release_first;
    auto released = release_first.get_future().share();
    std::atomic<int> calls{0};
    served.dispatcher.add("one_at_a_time", [&] {
        if (++calls == 1) {
            first_started.set_value();
            released.wait();
        }
        return true;
    });
    served.dispatcher.set_policy("one_at_a_time", MethodPolicy::capped(1));
    std::mutex mutex;
    std::vector<Call::Clock::duration> queued;
    served.dispatcher.use(make_middleware(nullptr, [&](const Call& call) {
        std::lock_guard lock(mutex);
        queued.push_back(call.queued());
    }));
    ServerOptions options;
    options.peer.concurrent_requests = true;
    served.start("tcp://127.0.0.1:0", options);
    auto client = served.client();

    auto first = client->call_async("one_at_a_time");
    first_started.get_future().wait();
    auto second = client->call_async("one_at_a_time");
    std::this_thread::sleep_for(60ms);  // the second waits its turn meanwhile
    release_first.set_value();
    first.get();
    second.get();
    std::lock_guard lock(mutex);
    ASSERT_EQ(queued.size(), 2u);
    EXPECT_GE(std::max(queued[0], queued[1]), 50ms);
}

TEST(Middleware, CanGiveTheHandlerAnIdentityAndAddResponseHeaders) {
    Served served;
    served.dispatcher.add("whoami", [](CallContext& context) {
        return context.identity() != nullptr ? context.identity()->name : "nobody";
    });
    served.dispatcher.use(make_middleware([](Call& call, CallContext& context) {
        if (const auto* key = context.header("X-Api-Key"); key != nullptr && *key == "k1")
            call.message->identity = std::make_shared<const Identity>(Identity{"service-1", "api-key", {}});
        context.set_header("X-Handled-By", "middleware");
    }));
    served.start("http://127.0.0.1:0/rpc");

    HttpProbe probe(served.uri);
    probe.write(HttpProbe::post("/rpc", R"({"jsonrpc":"2.0","id":1,"method":"whoami"})", "X-Api-Key: k1\r\n"));
    auto reply = probe.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(json::parse(reply->body).at("result"), "service-1");
    EXPECT_EQ(reply->header("X-Handled-By"), "middleware");
}

TEST(Middleware, AfterThatThrowsChangesNothing) {
    Served served;
    served.dispatcher.add("ping", [] { return "pong"; });
    served.dispatcher.use(make_middleware(nullptr, [](const Call&) { throw std::runtime_error("bad after"); }));
    served.start("tcp://127.0.0.1:0");
    EXPECT_EQ(served.client()->call("ping"), "pong");
}

TEST(Middleware, NullMiddlewareIsRefused) {
    Dispatcher dispatcher;
    EXPECT_THROW(dispatcher.use(nullptr), std::invalid_argument);
    EXPECT_FALSE(dispatcher.observed());
}

}  // namespace
}  // namespace rpcforge::test
