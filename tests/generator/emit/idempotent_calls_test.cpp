// x-rpcforge-idempotent through the generator: the calculator example's document marks `add`
// (and the other methods that only compute) idempotent and leaves `subtract` unmarked. Its
// generated client, over a channel that records the options of each call, sets
// CallOptions::idempotent for the one and not the other, and keeps the rest of its options.

#include "calculator_example_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// A channel that answers every call at once with `answer` and keeps what each one asked for:
/// what a balancing channel would see of the generated client's calls.
class RecordingChannel final : public rpcforge::Channel {
public:
    struct Call {
        std::string method;
        rpcforge::CallOptions options;
    };

    explicit RecordingChannel(rpcforge::json answer) : answer_(std::move(answer)) {}

    void call_then(const std::string& method, rpcforge::json /*params*/, Completion done,
                   rpcforge::CallOptions options) override {
        calls.push_back({method, options});
        done(answer_, nullptr);
    }
    void notify(const std::string& method, rpcforge::json /*params*/) override { notifications.push_back(method); }
    std::vector<std::future<rpcforge::json>> send_batch(const rpcforge::Batch& batch,
                                                        rpcforge::CallOptions options) override {
        batches.push_back(options);
        std::vector<std::future<rpcforge::json>> answers;
        for (const auto& entry : batch.entries())
            if (!entry.is_notification) answers.push_back(ready());
        return answers;
    }

    /// The options of the only call made to `method`.
    const rpcforge::CallOptions& options_of(const std::string& method) const {
        const Call* found = nullptr;
        for (const auto& call : calls) {
            if (call.method != method) continue;
            EXPECT_EQ(found, nullptr) << method << " was called more than once";
            found = &call;
        }
        if (found == nullptr) throw std::logic_error(method + " was not called");
        return found->options;
    }

    std::vector<Call> calls;
    std::vector<std::string> notifications;
    std::vector<rpcforge::CallOptions> batches;

private:
    std::future<rpcforge::json> ready() const {
        std::promise<rpcforge::json> answer;
        answer.set_value(answer_);
        return answer.get_future();
    }

    rpcforge::json answer_;
};

TEST(IdempotentCalls, AddIsMarkedAndSubtractIsNot) {
    RecordingChannel channel(5);
    calc_example::CalculatorClient calculator(channel);
    EXPECT_EQ(calculator.add(2, 3), 5);
    EXPECT_EQ(calculator.subtract(8, 3), 5);
    EXPECT_TRUE(channel.options_of("add").idempotent);
    EXPECT_FALSE(channel.options_of("subtract").idempotent);
}

TEST(IdempotentCalls, TheClientsOtherOptionsAreKept) {
    RecordingChannel channel(7);
    rpcforge::CallOptions options;
    options.timeout = 250ms;
    calc_example::CalculatorClient calculator(channel, options);
    EXPECT_EQ(calculator.add_async(3, 4).get(), 7);
    EXPECT_EQ(calculator.subtract_async(9, 2).get(), 7);
    EXPECT_EQ(channel.options_of("add").timeout, 250ms);
    EXPECT_EQ(channel.options_of("subtract").timeout, 250ms);
    EXPECT_TRUE(channel.options_of("add").idempotent);
    EXPECT_FALSE(channel.options_of("subtract").idempotent);
}

TEST(IdempotentCalls, EveryMethodTheDocumentMarks) {
    RecordingChannel channel(rpcforge::json::array());
    calc_example::CalculatorClient calculator(channel);
    calculator.get_log();
    calculator.get_data();
    calculator.echo(rpcforge::json::array());
    EXPECT_TRUE(channel.options_of("get_log").idempotent);
    EXPECT_TRUE(channel.options_of("get_data").idempotent);
    EXPECT_TRUE(channel.options_of("echo").idempotent);
    calculator.notify_log("a notification has no options: nothing is sent again");
    EXPECT_EQ(channel.notifications, std::vector<std::string>{"notify_log"});
}

// A batch goes as one message under the batch's own options: a call in it is not marked alone.
TEST(IdempotentCalls, ABatchKeepsItsOwnOptions) {
    RecordingChannel channel(5);
    calc_example::CalculatorBatch batch(channel);
    auto sum = batch.add(2, 3);
    batch.send();
    EXPECT_EQ(sum.get(), 5);
    ASSERT_EQ(channel.batches.size(), 1u);
    EXPECT_FALSE(channel.batches[0].idempotent);
    EXPECT_TRUE(channel.calls.empty());
}

}  // namespace
