#include "calculator_service.hpp"

#include <cmath>
#include <sstream>

namespace calc {
namespace {

double apply_rounding(double value, Rounding rounding) {
    switch (rounding) {
        case Rounding::floor: return std::floor(value);
        case Rounding::ceil: return std::ceil(value);
        case Rounding::none: break;
    }
    return value;
}

const char* symbol(Operation operation) {
    switch (operation) {
        case Operation::add: return " + ";
        case Operation::subtract: return " - ";
        case Operation::multiply: return " * ";
        case Operation::divide: return " / ";
    }
    return " ? ";
}

}  // namespace

double CalculatorService::divide(double dividend, double divisor, Rounding rounding) {
    if (divisor == 0) throw DivisionByZero();
    return apply_rounding(dividend / divisor, rounding);
}

CalculationResult CalculatorService::calculate(const Calculation& calculation) {
    CalculationResult result{};
    std::ostringstream expression;
    for (std::size_t i = 0; i < calculation.operands.size(); ++i) {
        double operand = calculation.operands[i];
        if (i > 0) expression << symbol(calculation.operation);
        expression << operand;
        if (i == 0) {
            result.value = operand;
            continue;
        }
        switch (calculation.operation) {
            case Operation::add: result.value += operand; break;
            case Operation::subtract: result.value -= operand; break;
            case Operation::multiply: result.value *= operand; break;
            case Operation::divide:
                if (operand == 0) throw DivisionByZero();
                result.value /= operand;
                break;
        }
    }
    if (calculation.precision) {
        double scale = std::pow(10.0, *calculation.precision);
        result.value = std::round(result.value * scale) / scale;
    }
    result.expression = expression.str();
    return result;
}

void CalculatorService::notify_log(const std::string& message) {
    std::int64_t count = 0;
    {
        std::lock_guard lock(mutex_);
        log_.push_back(message);
        count = static_cast<std::int64_t>(log_.size());
    }
    if (on_log_) on_log_(message, count);
}

std::vector<std::string> CalculatorService::get_log() {
    std::lock_guard lock(mutex_);
    return log_;
}

}  // namespace calc
