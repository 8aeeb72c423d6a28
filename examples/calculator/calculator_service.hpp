#pragma once
// The Calculator service: the implementation of the interface generated from
// calculator.openrpc.json.

#include "calculator_server.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace calc {

class CalculatorService final : public Calculator {
public:
    /// Called with each message notify_log records and how many there are now; the server uses
    /// it to send log_added to every client.
    using LogListener = std::function<void(const std::string& message, std::int64_t count)>;

    explicit CalculatorService(LogListener on_log = {}) : on_log_(std::move(on_log)) {}

    std::int64_t add(std::int64_t a, std::int64_t b) override { return a + b; }
    std::int64_t subtract(std::int64_t minuend, std::int64_t subtrahend) override { return minuend - subtrahend; }
    std::int64_t sum(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) override { return a + b + c + d; }
    double divide(double dividend, double divisor, Rounding rounding) override;
    CalculationResult calculate(const Calculation& calculation) override;
    rpcforge::json echo(const rpcforge::json& value) override { return value; }
    std::vector<GetDataResultItem> get_data() override { return {GetDataResultItem("hello"), GetDataResultItem(5)}; }
    void update(std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t) override {}
    void notify_hello(std::int64_t) override {}
    void notify_log(const std::string& message) override;
    std::vector<std::string> get_log() override;

private:
    LogListener on_log_;
    std::mutex mutex_;
    std::vector<std::string> log_;
};

}  // namespace calc
