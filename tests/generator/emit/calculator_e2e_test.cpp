// The generated Calculator end to end over a real TCP socket: rpcforge::Server with the generated
// binding, rpcforge::Client under the generated typed client.

#include "calculator_client.hpp"
#include "calculator_server.hpp"
#include "vault_client.hpp"
#include "vault_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <numbers>
#include <numeric>

namespace {

using rpcforge::json;
using namespace std::chrono_literals;

/// Collects values from other threads; waits for them with a timeout.
template <class T>
class Inbox {
public:
    void push(T value) {
        std::lock_guard lock(mutex_);
        values_.push_back(std::move(value));
        arrived_.notify_all();
    }
    std::vector<T> wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, 10s, [&] { return values_.size() >= count; });
        return values_;
    }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<T> values_;
};

double area_of(const calc::Shape& shape) {
    if (const auto* circle = std::get_if<calc::Circle>(&shape)) return std::numbers::pi * circle->radius * circle->radius;
    const auto& square = std::get<calc::Square>(shape);
    return square.side * square.side;
}

double value_of(const calc::Expr& expr) {
    if (const auto* literal = std::get_if<calc::Literal>(&expr)) return literal->value;
    const calc::BinOp& op = *std::get<rpcforge::Box<calc::BinOp>>(expr);
    const double left = value_of(op.left), right = value_of(op.right);
    return op.op == calc::Op::add ? left + right : left * right;
}

std::int32_t size_of(const calc::Tree& tree) {
    std::int32_t size = 1 + (tree.next ? size_of(*tree.next) : 0);
    for (const auto& child : tree.children) size += size_of(child);
    return size;
}

class CalculatorService final : public calc::Calculator {
public:
    double add(double a, double b) override { return a + b; }
    double divide(double dividend, double divisor, calc::Rounding rounding) override {
        if (divisor == 0) throw calc::DivisionByZero();
        const double quotient = dividend / divisor;
        switch (rounding) {
            case calc::Rounding::nearest: return std::round(quotient);
            case calc::Rounding::down: return std::floor(quotient);
            case calc::Rounding::to_zero: return std::trunc(quotient);
        }
        return quotient;
    }
    std::int64_t subtract(std::int64_t minuend, std::optional<std::int64_t> subtrahend) override {
        return minuend - subtrahend.value_or(0);
    }
    std::int32_t checked_add(std::int32_t a, std::int32_t b) override {
        std::int32_t sum = 0;
        if (__builtin_add_overflow(a, b, &sum)) throw calc::Overflow(calc::OverflowInfo{std::numeric_limits<std::int32_t>::max()});
        return sum;
    }
    double area(const calc::Shape& shape) override { return area_of(shape); }
    double evaluate(const calc::Expr& expr) override { return value_of(expr); }
    std::int32_t tree_size(const calc::Tree& tree) override { return size_of(tree); }
    std::string describe(const calc::Value& value, const std::optional<std::optional<std::string>>& note) override {
        std::string text = std::holds_alternative<double>(value) ? "a number" : "the text " + std::get<std::string>(value);
        if (!note) return text + ", no note";
        return text + (*note ? ", noted " + **note : ", a null note");
    }
    double sum_values(const std::map<std::string, double>& values) override {
        return std::accumulate(values.begin(), values.end(), 0.0, [](double sum, const auto& item) { return sum + item.second; });
    }
    calc::Settings configure(const calc::Settings& settings) override { return settings; }
    std::vector<double> history() override { return {1, 2}; }
    void log(const std::string& message, std::optional<std::int32_t> level) override {
        logs.push(std::to_string(level.value_or(0)) + ": " + message);
    }
    calc::Settings get_stats() override { return {}; }

    Inbox<std::string> logs;
};

class Callbacks final : public calc::CalculatorCallbacks {
public:
    void progress(std::int32_t percent) override { percents.push(percent); }
    Inbox<std::int32_t> percents;
};

class CalculatorOverTcp : public ::testing::Test {
protected:
    CalculatorOverTcp() {
        calc::bind(service).add_to(dispatcher);
        calc::bind(callbacks).add_to(handlers);
        const std::string uri = server.listen("tcp://127.0.0.1:0");
        server.start();
        rpcforge::ClientOptions options;
        options.handlers = &handlers;
        options.peer.trace = [this](rpcforge::Direction direction, std::string_view message) {
            if (direction == rpcforge::Direction::outgoing) sent.push(json::parse(message));
        };
        connection = std::make_unique<rpcforge::Client>(uri, options);
        client = std::make_unique<calc::CalculatorClient>(*connection);
    }

    /// The params of the last request the client sent for `method`.
    json sent_params(const std::string& method) {
        const auto messages = sent.wait_for(0);
        for (auto it = messages.rbegin(); it != messages.rend(); ++it)
            if (it->is_object() && it->value("method", "") == method) return it->value("params", json());
        return json("none sent");
    }

    int error_code(const std::string& method, json params) {
        try {
            connection->call(method, std::move(params));
        } catch (const rpcforge::Error& e) {
            last_error = e.message();
            return e.code();
        }
        return 0;
    }

    CalculatorService service;
    Callbacks callbacks;
    rpcforge::Dispatcher dispatcher;
    rpcforge::Dispatcher handlers;
    rpcforge::Server server{dispatcher};
    Inbox<json> sent;
    std::unique_ptr<rpcforge::Client> connection;
    std::unique_ptr<calc::CalculatorClient> client;
    std::string last_error;
};

TEST_F(CalculatorOverTcp, TypedCallsByName) {
    EXPECT_EQ(client->add(2, 3), 5);
    EXPECT_EQ(sent_params("add"), json::parse(R"({"a": 2.0, "b": 3.0})"));
    EXPECT_EQ(client->add_async(1, 1).get(), 2);
    EXPECT_EQ(connection->call("plus", {{"a", 1}, {"b", 2}}), 3.0) << "an alias";
    EXPECT_EQ(client->divide(7, 2), 4) << "the default rounding applies";
    EXPECT_EQ(client->divide(7, 2, calc::Rounding::down), 3);
    EXPECT_EQ(sent_params("divide"), json::parse(R"({"dividend": 7.0, "divisor": 2.0, "rounding": "down"})"));
    EXPECT_EQ(client->divide(-7, 2, calc::Rounding::to_zero), -3);
}

TEST_F(CalculatorOverTcp, TypedCallsByPosition) {
    EXPECT_EQ(client->subtract(10, 3), 7);
    EXPECT_EQ(sent_params("subtract"), json::parse("[10, 3]"));
    EXPECT_EQ(client->subtract(10), 10) << "an optional trailing parameter left out";
    EXPECT_EQ(sent_params("subtract"), json::parse("[10]"));
    EXPECT_EQ(connection->call("add", {1, 2}), 3.0) << "either structure takes positions too";
}

TEST_F(CalculatorOverTcp, StructsVariantsRecursionAndMaps) {
    EXPECT_NEAR(client->area(calc::Circle{{0, 0, std::nullopt}, 2}), 4 * std::numbers::pi, 1e-9);
    EXPECT_EQ(client->area(calc::Square{{1, 1, "corner"}, 3}), 9);
    const calc::Expr expr = calc::BinOp{calc::Op::add, calc::Literal{1},
                                        calc::BinOp{calc::Op::mul, calc::Literal{2}, calc::Literal{3}}};
    EXPECT_EQ(client->evaluate(expr), 7);
    calc::Tree tree{"root", {calc::Tree{"a", {}, {}}, calc::Tree{"b", {calc::Tree{"c", {}, {}}}, {}}}, {}};
    tree.next = calc::Tree{"next", {}, {}};
    EXPECT_EQ(client->tree_size(tree), 5);
    EXPECT_EQ(client->sum_values({{"a", 1}, {"b", 2.5}}), 3.5);
    calc::Settings settings;
    settings.precision = 5;
    settings.comment = std::optional<std::string>();
    settings.scores = std::vector<std::optional<std::int32_t>>{1, std::nullopt};
    settings.limits = std::map<std::string, std::uint64_t>{{"max", 18446744073709551615u}};
    EXPECT_EQ(client->configure(settings), settings);
    EXPECT_EQ(client->get_stats(), calc::Settings{});
    EXPECT_EQ(client->history(), (std::vector<double>{1, 2}));
}

TEST_F(CalculatorOverTcp, AbsentAndNullParametersStayApart) {
    EXPECT_EQ(client->describe(calc::Value(2.0)), "a number, no note");
    EXPECT_EQ(client->describe(calc::Value(std::string("x")), std::optional<std::string>()), "the text x, a null note");
    EXPECT_EQ(sent_params("describe"), json::parse(R"({"value": "x", "note": null})"));
    EXPECT_EQ(client->describe(calc::Value(1.0), std::optional<std::string>("hi")), "a number, noted hi");
}

TEST_F(CalculatorOverTcp, Notifications) {
    client->log("hello", 2);
    client->log("bare");
    EXPECT_EQ(service.logs.wait_for(2), (std::vector<std::string>{"2: hello", "0: bare"}));
    EXPECT_FALSE(sent.wait_for(0).back().contains("id"));
}

TEST_F(CalculatorOverTcp, DeclaredErrorsAreThrownTyped) {
    EXPECT_THROW(client->divide(1, 0), calc::DivisionByZero);
    try {
        client->checked_add(std::numeric_limits<std::int32_t>::max(), 1);
        FAIL() << "no overflow";
    } catch (const calc::Overflow& e) {
        EXPECT_EQ(e.code(), 1002);
        EXPECT_EQ(e.typed_data().limit, std::numeric_limits<std::int32_t>::max());
    }
    auto pending = client->divide_async(1, 0);
    EXPECT_THROW(pending.get(), calc::DivisionByZero);
}

TEST_F(CalculatorOverTcp, InvalidParamsNameTheParameter) {
    EXPECT_EQ(error_code("add", {{"a", 1}, {"b", "x"}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'b' must be a number, got a string");
    EXPECT_EQ(error_code("add", {{"a", 1}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'b' is missing");
    EXPECT_EQ(error_code("area", {{"shape", {{"kind", "circle"}, {"center", {{"x", "1"}, {"y", 2}}}, {"radius", 1}}}}),
              rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'shape.center.x' must be a number, got a string");
    EXPECT_EQ(error_code("checked_add", {1, 3000000000LL}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'b' is out of range: 3000000000 is not in [-2147483648, 2147483647]");
    EXPECT_EQ(error_code("divide", {1, 2}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: expected parameters by name, got an array");
    EXPECT_EQ(error_code("subtract", {{"minuend", 1}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: expected parameters by position, got an object");
    EXPECT_EQ(error_code("add", {{"a", 1}, {"b", 2}, {"c", 3}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: unknown parameter 'c'");
    EXPECT_EQ(error_code("history", {1}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(error_code("divide", {{"dividend", 1}, {"divisor", 2}, {"rounding", "sideways"}}),
              rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, R"(Invalid params: 'rounding' must be one of "nearest", "down", "to-zero", got "sideways")");
}

TEST_F(CalculatorOverTcp, ATypedBatchWithAFailingCall) {
    calc::CalculatorBatch batch(*connection);
    auto sum = batch.add(1, 2);
    auto quotient = batch.divide(1, 0);
    batch.log("batched");
    auto difference = batch.subtract(5, 1);
    auto shapes = batch.area(calc::Square{{0, 0, std::nullopt}, 2});
    batch.send();
    EXPECT_EQ(sum.get(), 3);
    EXPECT_THROW(quotient.get(), calc::DivisionByZero);
    EXPECT_EQ(difference.get(), 4);
    EXPECT_EQ(shapes.get(), 4);
    EXPECT_EQ(service.logs.wait_for(1), std::vector<std::string>{"0: batched"});
    const json message = sent.wait_for(0).back();
    ASSERT_TRUE(message.is_array()) << "one message";
    EXPECT_EQ(message.size(), 5u);
}

TEST_F(CalculatorOverTcp, ResultsOfABatchNotSentCannotBeRead) {
    calc::CalculatorBatch batch(*connection);
    auto sum = batch.add(1, 2);
    EXPECT_THROW(sum.get(), std::logic_error);
}

TEST_F(CalculatorOverTcp, DiscoverAnswersTheOpenRpcDocument) {
    const json document = connection->call("rpc.discover");
    EXPECT_EQ(document, json::parse(calc::calculator_openrpc));
    EXPECT_EQ(document.at("openrpc"), "1.3.2");
    EXPECT_EQ(document.at("methods").size(), 13u);
}

TEST_F(CalculatorOverTcp, TheServerNotifiesItsClientsThroughTheNotifier) {
    client->history();  // the connection is up on the server's side
    for (const auto& peer : server.peers()) calc::CalculatorNotifier(*peer).progress(50);
    EXPECT_EQ(callbacks.percents.wait_for(1), std::vector<std::int32_t>{50});
}

class OpenVault final : public vault::Vault {
public:
    std::string read(const std::string& key) override { return "value of " + key; }
    bool write(const std::string&, const std::string&) override { return false; }
};

TEST(TwoServices, OneServerServesBothAndRpcDiscoverDescribesBoth) {
    CalculatorService calculator;
    OpenVault open_vault;
    rpcforge::Dispatcher dispatcher;
    calc::bind(calculator).add_to(dispatcher);
    vault::bind(open_vault).add_to(dispatcher);
    rpcforge::Server server(dispatcher);
    const auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();

    rpcforge::Client connection(uri);
    calc::CalculatorClient calculator_client(connection);
    vault::VaultClient vault_client(connection);
    EXPECT_EQ(calculator_client.add(2, 3), 5);
    EXPECT_EQ(vault_client.read("k"), "value of k");

    const json document = connection.call("rpc.discover");
    const json calculator_document = json::parse(calc::calculator_openrpc);
    const json vault_document = json::parse(vault::vault_openrpc);
    EXPECT_EQ(document.at("info").at("title"), "Calculator + Vault");
    std::vector<json> expected_methods;
    for (const auto& method : calculator_document.at("methods")) expected_methods.push_back(method.at("name"));
    for (const auto& method : vault_document.at("methods")) expected_methods.push_back(method.at("name"));
    std::vector<json> methods;
    for (const auto& method : document.at("methods")) methods.push_back(method.at("name"));
    EXPECT_EQ(methods, expected_methods);
    EXPECT_EQ(document.at("components").at("schemas").size(), calculator_document.at("components").at("schemas").size());
    EXPECT_EQ(document.at("x-rpcforge-callbacks"), calculator_document.at("x-rpcforge-callbacks"));
}

}  // namespace
