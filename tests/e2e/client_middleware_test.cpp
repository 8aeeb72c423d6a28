// Client middleware over a real connection: a retry policy and call timing written as
// middleware, changes to what goes out, answers given without the server, and notifications.

#include "support/served_dispatcher.hpp"

#include <rpcforge/client_middleware.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

namespace rpcforge::test {
namespace {

using namespace std::chrono_literals;

/// Retries a call that fails with `code`, up to `attempts` in all; the retries happen when the
/// caller waits for the answer (a deferred future).
class Retry final : public ClientMiddleware {
public:
    Retry(int code, int attempts) : code_(code), attempts_(attempts) {}
    std::future<json> around(OutgoingCall call, const Next& next) override {
        if (call.is_notification) return next(std::move(call));
        return std::async(std::launch::deferred, [this, call = std::move(call), next]() {
            for (int attempt = 1;; ++attempt) {
                try {
                    return next(call).get();
                } catch (const Error& e) {
                    if (e.code() != code_ || attempt == attempts_) throw;
                }
            }
        });
    }

private:
    int code_;
    int attempts_;
};

/// Records "method:milliseconds-at-least-N" when the caller has the answer.
class Timing final : public ClientMiddleware {
public:
    std::future<json> around(OutgoingCall call, const Next& next) override {
        auto started = std::chrono::steady_clock::now();
        auto answer = next(call);
        return std::async(std::launch::deferred, [this, method = call.method, started, answer = std::move(answer)]() mutable {
            auto result = answer.get();
            std::lock_guard lock(mutex);
            durations.emplace_back(method, std::chrono::steady_clock::now() - started);
            return result;
        });
    }
    std::mutex mutex;
    std::vector<std::pair<std::string, std::chrono::steady_clock::duration>> durations;
};

/// Adds a "trace" parameter to every call by name, and answers "ping" itself.
class Stamp final : public ClientMiddleware {
public:
    std::future<json> around(OutgoingCall call, const Next& next) override {
        if (call.method == "ping") {
            std::promise<json> local;
            local.set_value("local pong");
            return local.get_future();
        }
        if (call.params.is_object()) call.params["trace"] = "t-1";
        return next(std::move(call));
    }
};

TEST(ClientMiddleware, ARetryPolicyAndTimingAreMiddleware) {
    ServedDispatcher served;
    std::atomic<int> attempts{0};
    served.dispatcher.add("flaky", [&] {
        if (++attempts < 3) throw Error(-32050, "busy, try again");
        std::this_thread::sleep_for(20ms);
        return "done";
    });
    served.start("tcp://127.0.0.1:0");
    auto timing = std::make_shared<Timing>();
    ClientOptions options;
    options.middleware = {timing, std::make_shared<Retry>(-32050, 3)};
    auto client = served.client(options);

    EXPECT_EQ(client->call("flaky"), "done");
    EXPECT_EQ(attempts, 3);
    ASSERT_EQ(timing->durations.size(), 1u);
    EXPECT_EQ(timing->durations[0].first, "flaky");
    EXPECT_GE(timing->durations[0].second, 20ms);

    attempts = -10;  // now it fails more often than the policy retries
    EXPECT_THROW(client->call("flaky"), Error);
    EXPECT_EQ(attempts, -7);
}

TEST(ClientMiddleware, CanChangeWhatGoesOutAndAnswerWithoutTheServer) {
    ServedDispatcher served;
    served.dispatcher.add_untyped("echo", [](const json& params, CallContext&) { return params; });
    std::atomic<int> notified{0};
    served.dispatcher.add_notification("note", {"text", "trace"}, [&](const std::string&, const std::string& trace) {
        if (trace == "t-1") ++notified;
    });
    served.start("tcp://127.0.0.1:0");
    ClientOptions options;
    options.middleware = {std::make_shared<Stamp>()};
    auto client = served.client(options);

    EXPECT_EQ(client->call("echo", {{"a", 1}}), (json{{"a", 1}, {"trace", "t-1"}}));
    EXPECT_EQ(client->call("ping"), "local pong");
    client->notify("note", {{"text", "hi"}});
    EXPECT_EQ(client->call("echo", {1}), json({1}));  // after the notification, in order
    EXPECT_EQ(notified, 1);
}

TEST(ClientMiddleware, NullMiddlewareIsRefused) {
    ClientOptions options;
    options.middleware = {nullptr};
    EXPECT_THROW(Client("tcp://127.0.0.1:1", options), std::invalid_argument);
}

}  // namespace
}  // namespace rpcforge::test
