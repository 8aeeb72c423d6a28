// Subscriptions: what form a subscription method may take, and the names its stream uses.

#include "check_support.hpp"

namespace rpcforge::check::testing {
namespace {

model::Method subscription(const char* wire, std::size_t line) {
    auto m = placed(method(name(wire), {}, of(Kind::int32)), line);
    m.is_subscription = true;
    return m;
}

TEST(CheckSubscriptions, NotANotificationNorAsynchronousNorAliased) {
    auto s = service();
    auto told = placed(method(name("told"), {}, std::nullopt), 2);
    told.is_subscription = true;
    auto later = subscription("later", 3);
    later.is_async = true;
    auto aliased = subscription("aliased", 4);
    aliased.aliases = {"other"};
    auto tick = placed(method(name("tick"), {}, std::nullopt), 5);
    tick.is_subscription = true;
    s.methods = {told, later, aliased, subscription("fine", 6)};
    s.callbacks = {tick};
    EXPECT_EQ(check_of(s),
              (Lines{"m.json:2:1: error: subscription 'told' is a notification, which is never answered: a "
                     "subscription is answered with its id, and its result is the type of its items",
                     "m.json:3:1: error: subscription 'later' is asynchronous: its implementation keeps an "
                     "rpcforge::Subscription instead of answering through a Reply",
                     "m.json:4:1: error: subscription 'aliased' has aliases, but its items, its end and its "
                     "unsubscribe are named after its one wire name",
                     "m.json:5:1: error: callback 'tick' is a subscription, but callbacks are notifications from the "
                     "server"}));
}

TEST(CheckSubscriptions, NoMethodTakesTheNamesOfAStream) {
    auto s = service();
    auto alias_taker = placed(method(name("b"), {}, of(Kind::int32)), 4);
    alias_taker.aliases = {"ticks.end"};
    s.methods = {subscription("ticks", 2), placed(method(name("ticks.unsubscribe", "ticks_unsubscribe"), {}, of(Kind::int32)), 3),
                 alias_taker};
    EXPECT_EQ(check_of(s),
              (Lines{"m.json:3:1: error: method 'ticks.unsubscribe' has a name that subscription 'ticks' (at m.json:2:1) "
                     "uses for its stream",
                     "m.json:4:1: error: method 'ticks.end' has a name that subscription 'ticks' (at m.json:2:1) uses "
                     "for its stream"}));
}

}  // namespace
}  // namespace rpcforge::check::testing
