#include "support/spec_service.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace rpcforge::test {

void Received::add(std::string entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
}

std::vector<std::string> Received::all() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

void register_spec_methods(Dispatcher& dispatcher, Received& received) {
    dispatcher.add("subtract", {"minuend", "subtrahend"},
                   [](std::int64_t minuend, std::int64_t subtrahend) { return minuend - subtrahend; });
    dispatcher.add_untyped("sum", [](const json& params, CallContext&) {
        std::int64_t total = 0;
        for (const auto& value : params) total += convert<std::int64_t>(value, "params");
        return json(total);
    });
    dispatcher.add_untyped("notify_sum", [&received](const json& params, CallContext&) {
        received.add("notify_sum" + params.dump());
        return json();
    });
    dispatcher.add_notification("update", {"a", "b", "c", "d", "e"}, [&received](int a, int b, int c, int d, int e) {
        received.add("update" + json::array({a, b, c, d, e}).dump());
    });
    dispatcher.add_notification("notify_hello", {"n"},
                                [&received](int n) { received.add("notify_hello[" + std::to_string(n) + "]"); });
    dispatcher.add("get_data", [] { return json::array({"hello", 5}); });
    dispatcher.add("echo", {"value"}, [](json value) { return value; });
    dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
    dispatcher.add("sleep", {"ms"}, [](int ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return ms;
    });
    dispatcher.add("fail", {"code", "message", "data"}, [](int code, std::string message, std::optional<json> data) -> json {
        throw Error(code, std::move(message), data.value_or(nullptr));
    });
    dispatcher.add("throw_std", {"text"}, [](const std::string& text) -> int { throw std::runtime_error(text); });
    dispatcher.add("received", [&received] { return received.all(); });
}

}  // namespace rpcforge::test
