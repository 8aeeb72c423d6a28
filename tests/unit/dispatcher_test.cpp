#include <rpcforge/dispatcher.hpp>

#include <gtest/gtest.h>

namespace rpcforge {
namespace {

json call(const Dispatcher& dispatcher, const std::string& method, json params) {
    Request request{method, std::move(params), 1, false, Version::v2};
    auto answer = dispatcher.handle(request);
    EXPECT_TRUE(answer);
    return answer.value_or(json());
}

json error_of(const json& answer) {
    EXPECT_TRUE(answer.contains("error")) << answer;
    return answer.value("error", json());
}

struct Calculator {
    int offset = 100;
    int shifted(int x) { return x + offset; }
};

class DispatcherTest : public ::testing::Test {
protected:
    DispatcherTest() {
        dispatcher.add("subtract", {"minuend", "subtrahend"}, [](int minuend, int subtrahend) { return minuend - subtrahend; });
        dispatcher.add("greet", {"name", "greeting"}, [](std::string name, std::optional<std::string> greeting) {
            return greeting.value_or("Hello") + ", " + name;
        });
    }
    Dispatcher dispatcher;
};

TEST_F(DispatcherTest, ArgumentsByPositionOrByName) {
    EXPECT_EQ(call(dispatcher, "subtract", json::array({42, 23})).at("result"), 19);
    EXPECT_EQ(call(dispatcher, "subtract", {{"subtrahend", 23}, {"minuend", 42}}).at("result"), 19);
}

TEST_F(DispatcherTest, OptionalTrailingParametersMayBeOmitted) {
    EXPECT_EQ(call(dispatcher, "greet", json::array({"Ada"})).at("result"), "Hello, Ada");
    EXPECT_EQ(call(dispatcher, "greet", {{"name", "Ada"}}).at("result"), "Hello, Ada");
    EXPECT_EQ(call(dispatcher, "greet", json::array({"Ada", "Hi"})).at("result"), "Hi, Ada");
}

TEST_F(DispatcherTest, NullStandsForAnAbsentParameterOnlyInAPosition) {
    // Positions cannot be skipped, so a null in one means "left out"; by name, a parameter is
    // left out by leaving it out, and a null is a value its type must take (docs/dispatch.md).
    EXPECT_EQ(call(dispatcher, "greet", json::array({"Ada", nullptr})).at("result"), "Hello, Ada");
    EXPECT_EQ(error_of(call(dispatcher, "greet", {{"name", "Ada"}, {"greeting", nullptr}})).at("message"),
              "Invalid params: 'greeting' must be a string, got null");
}

TEST(Dispatcher, AParameterWhoseTypeTakesNullTellsNullFromAbsent) {
    Dispatcher dispatcher;
    dispatcher.add("which", {"value"}, [](std::optional<std::optional<int>> value) {
        return !value ? "absent" : !*value ? "null" : "given";
    });
    EXPECT_EQ(call(dispatcher, "which", json::array()).at("result"), "absent");
    EXPECT_EQ(call(dispatcher, "which", json::object()).at("result"), "absent");
    EXPECT_EQ(call(dispatcher, "which", json::array({nullptr})).at("result"), "null");
    EXPECT_EQ(call(dispatcher, "which", {{"value", nullptr}}).at("result"), "null");
    EXPECT_EQ(call(dispatcher, "which", {{"value", 4}}).at("result"), "given");
}

TEST(Dispatcher, UntypedHandlersReadParamsByTheSameRules) {
    Dispatcher dispatcher;
    dispatcher.add_untyped("pair", [](const json& params, CallContext&) {
        const Params in(params, {"first", "second"}, ParamStructure::by_position);
        return json::array({in.required<int>(0, "first"), in.optional<int>(1, "second").value_or(-1)});
    });
    EXPECT_EQ(call(dispatcher, "pair", json::array({1, nullptr})).at("result"), json::array({1, -1}));
    EXPECT_EQ(error_of(call(dispatcher, "pair", {{"first", 1}})).at("message"),
              "Invalid params: expected parameters by position, got an object");
}

TEST_F(DispatcherTest, InvalidParamsNameTheParameter) {
    auto wrong_type = error_of(call(dispatcher, "subtract", json::array({42, "23"})));
    EXPECT_EQ(wrong_type.at("code"), error_code::invalid_params);
    EXPECT_EQ(wrong_type.at("message"), "Invalid params: 'subtrahend' must be an integer, got a string");
    EXPECT_EQ(error_of(call(dispatcher, "subtract", json::array({42}))).at("message"),
              "Invalid params: 'subtrahend' is missing");
    EXPECT_EQ(error_of(call(dispatcher, "subtract", nullptr)).at("message"), "Invalid params: 'minuend' is missing");
    EXPECT_EQ(error_of(call(dispatcher, "subtract", json::array({1, 2, 3}))).at("message"),
              "Invalid params: expected at most 2 parameters, got 3");
    EXPECT_EQ(error_of(call(dispatcher, "subtract", {{"minuend", 1}, {"subtrahend", 2}, {"x", 3}})).at("message"),
              "Invalid params: unknown parameter 'x'");
    EXPECT_EQ(error_of(call(dispatcher, "subtract", json::array({1, 3000000000LL}))).at("code"),
              error_code::invalid_params);
}

TEST_F(DispatcherTest, UnknownMethod) {
    EXPECT_EQ(error_of(call(dispatcher, "nope", nullptr)), json::parse(R"({"code": -32601, "message": "Method not found"})"));
}

TEST_F(DispatcherTest, DuplicateRegistrationIsRefused) {
    EXPECT_THROW(dispatcher.add("subtract", [] { return 0; }), std::invalid_argument);
}

TEST(Dispatcher, FreeFunctionsAndMemberFunctions) {
    Dispatcher dispatcher;
    Calculator calculator;
    dispatcher.add("shifted", {"x"}, &Calculator::shifted, &calculator);
    dispatcher.add("negate", {"x"}, +[](int x) { return -x; });
    EXPECT_EQ(call(dispatcher, "shifted", json::array({1})).at("result"), 101);
    EXPECT_EQ(call(dispatcher, "negate", json::array({4})).at("result"), -4);
}

TEST(Dispatcher, VoidResultIsNull) {
    Dispatcher dispatcher;
    dispatcher.add("nothing", [] {});
    EXPECT_TRUE(call(dispatcher, "nothing", nullptr).at("result").is_null());
}

TEST(Dispatcher, ContextIsPassedToHandlersThatAskForIt) {
    Dispatcher dispatcher;
    dispatcher.add("whoami", {"suffix"}, [](CallContext& context, std::string suffix) {
        return context.request.method + suffix;
    });
    EXPECT_EQ(call(dispatcher, "whoami", json::array({"!"})).at("result"), "whoami!");
}

TEST(Dispatcher, RpcErrorsGoOnTheWireAsThrown) {
    Dispatcher dispatcher;
    dispatcher.add("fail", []() -> int { throw Error(-32001, "custom", {{"detail", 1}}); });
    EXPECT_EQ(error_of(call(dispatcher, "fail", nullptr)),
              json::parse(R"({"code": -32001, "message": "custom", "data": {"detail": 1}})"));
}

TEST(Dispatcher, OtherExceptionsDoNotLeakUnlessAllowed) {
    auto secret = []() -> int { throw std::runtime_error("db password is hunter2"); };
    Dispatcher quiet;
    quiet.add("boom", secret);
    EXPECT_EQ(error_of(call(quiet, "boom", nullptr)), json::parse(R"({"code": -32603, "message": "Internal error"})"));

    Dispatcher talkative({.expose_exception_messages = true});
    talkative.add("boom", secret);
    EXPECT_EQ(error_of(call(talkative, "boom", nullptr)).at("data"), "db password is hunter2");
}

TEST(Dispatcher, NotificationsAreNeverAnswered) {
    Dispatcher dispatcher;
    int seen = 0;
    dispatcher.add_notification("ping", {"n"}, [&seen](int n) { seen += n; });
    dispatcher.add("fail", []() -> int { throw Error(1, "x"); });
    EXPECT_FALSE(dispatcher.handle(Request{"ping", json::array({2}), nullptr, true, Version::v2}));
    EXPECT_FALSE(dispatcher.handle(Request{"fail", nullptr, nullptr, true, Version::v2}));
    EXPECT_FALSE(dispatcher.handle(Request{"missing", nullptr, nullptr, true, Version::v2}));
    EXPECT_EQ(seen, 2);
    // Called with an id, a notification handler still runs and the caller gets null.
    EXPECT_TRUE(call(dispatcher, "ping", json::array({3})).at("result").is_null());
    EXPECT_EQ(seen, 5);
}

TEST(Dispatcher, AnUntypedNotificationCalledWithAnIdAnswersNull) {
    Dispatcher dispatcher;
    int seen = 0;
    dispatcher.add_untyped_notification("ping", [&seen](const json&, CallContext&) { return json(++seen); });
    EXPECT_TRUE(call(dispatcher, "ping", nullptr).at("result").is_null());
    EXPECT_EQ(seen, 1);
}

TEST(Dispatcher, UntypedHandlersSeeRawParams) {
    Dispatcher dispatcher;
    dispatcher.add_untyped("count", [](const json& params, CallContext&) { return json(params.size()); });
    EXPECT_EQ(call(dispatcher, "count", json::array({1, 2, 3})).at("result"), 3);
}

TEST(Dispatcher, Version1CallsAreAnswered1Style) {
    Dispatcher dispatcher;
    dispatcher.add("one", [] { return 1; });
    auto answer = dispatcher.handle(Request{"one", json::array(), 5, false, Version::v1});
    EXPECT_EQ(answer, json::parse(R"({"result": 1, "error": null, "id": 5})"));
}

}  // namespace
}  // namespace rpcforge
