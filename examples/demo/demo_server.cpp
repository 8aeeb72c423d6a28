// The demo server: a few methods from the JSON-RPC 2.0 specification's examples, plus a
// subscription that shows the server calling back its client on the same connection.

#include <rpcforge/standard_server.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

void register_methods(rpcforge::Dispatcher& dispatcher) {
    dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
    dispatcher.add("subtract", {"minuend", "subtrahend"},
                   [](std::int64_t minuend, std::int64_t subtrahend) { return minuend - subtrahend; });
    dispatcher.add_untyped("sum", [](const rpcforge::json& params, rpcforge::CallContext&) {
        std::int64_t total = 0;
        for (const auto& value : params) total += rpcforge::convert<std::int64_t>(value, "params");
        return rpcforge::json(total);
    });
    dispatcher.add("get_data", [] { return rpcforge::json::array({"hello", 5}); });
    dispatcher.add_notification("notify_hello", {"n"}, [](std::int64_t n) {
        std::cout << "server: notify_hello(" << n << ")" << std::endl;
    });
    dispatcher.add_notification("log", {"message"}, [](const std::string& message) {
        std::cout << "server: log: " << message << std::endl;
    });
    // Sends `count` "tick" notifications back to the caller before answering.
    dispatcher.add("subscribe", {"count"}, [](rpcforge::CallContext& context, int count) {
        for (int i = 1; i <= count; ++i) context.peer->notify("tick", {{"n", i}, {"of", count}});
        return "subscribed to " + std::to_string(count) + " ticks";
    });
}

}  // namespace

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("demo_server", {"tcp://127.0.0.1:7001"});
    if (auto status = standard.parse(argc, argv)) return *status;

    rpcforge::Dispatcher dispatcher;
    register_methods(dispatcher);
    return standard.serve(dispatcher);
}
