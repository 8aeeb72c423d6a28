// What the idle clock needs to know of a message (does the other side wait for its answer?),
// and the deadlines it keeps, without sockets.

#include "transport/stream/timeouts.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace rpcforge::detail {
namespace {

TEST(DeadlineClock, IdleOnlyWhileNothingIsRunOrAnswered) {
    DeadlineClock clock({.idle = std::chrono::milliseconds(1), .read = {}});
    clock.started();
    clock.received(false);
    DeadlineClock::clock::time_point next;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(clock.check(true, true, next), "") << "the handler is busy with what was received";
    clock.answer_posted();
    EXPECT_EQ(clock.check(true, false, next), "") << "no longer busy, but its answer is on its way";
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
