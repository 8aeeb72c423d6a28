// What the idle clock needs to know of a message (does the other side wait for its answer?),
// and the deadlines it keeps, without sockets.

#include "transport/timeouts.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace rpcforge::detail {
namespace {

TEST(ExpectsAnswer, RequestsNotificationsAndBrokenMessagesDo) {
    EXPECT_TRUE(expects_answer(R"({"jsonrpc":"2.0","id":1,"method":"add","params":[1,2]})"));
    EXPECT_TRUE(expects_answer(R"({"jsonrpc":"2.0","method":"log"})"));
    EXPECT_TRUE(expects_answer(R"({"method":"late","id":1,"result":3})"));
    EXPECT_TRUE(expects_answer(R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","method":"x"}])"));
    EXPECT_TRUE(expects_answer("not json"));
    EXPECT_TRUE(expects_answer(R"({"jsonrpc":"2.0","id":1})"));
    EXPECT_TRUE(expects_answer("[]"));
}

TEST(ExpectsAnswer, AnswersToOurOwnCallsDoNot) {
    EXPECT_FALSE(expects_answer(R"({"jsonrpc":"2.0","id":1,"result":{"method":"in the result"}})"));
    EXPECT_FALSE(expects_answer(R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"no"}})"));
    EXPECT_FALSE(expects_answer(R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2}])"));
}

TEST(DeadlineClock, IdleOnlyWhenNothingIsUnanswered) {
    DeadlineClock clock({.idle = std::chrono::milliseconds(1), .read = {}});
    clock.started();
    std::string request = R"({"jsonrpc":"2.0","id":1,"method":"slow"})";
    clock.received(false);
    clock.message(&request);
    DeadlineClock::clock::time_point next;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(clock.check(true, false, next), "");
    clock.answered();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_NE(clock.check(true, false, next).find("idle timeout"), std::string::npos);
}

TEST(DeadlineClock, AnUnfinishedMessageMeetsItsDeadlineOnlyWhileBeingRead) {
    DeadlineClock clock({.idle = {}, .read = std::chrono::milliseconds(1)});
    clock.started();
    EXPECT_TRUE(clock.received(true));
    EXPECT_FALSE(clock.received(true));  // the same message goes on: its deadline stays
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    DeadlineClock::clock::time_point next;
    EXPECT_EQ(clock.check(false, false, next), "") << "held back by this side: not the sender's fault";
    EXPECT_NE(clock.check(true, false, next).find("read timeout"), std::string::npos);
    clock.received(false);
    EXPECT_EQ(clock.check(true, false, next), "");
}

}  // namespace
}  // namespace rpcforge::detail
