// The rpcforge server that jayson's TCP and HTTP clients, and curl, talk to in the interop tests: the JSON-RPC 2.0
// specification's example methods, notifications that land in a log the client can read back
// (a notification has no answer, so that is the only way to see it arrived), and a method
// that fails with a custom error.
//
// Usage: interop_server [URI]   (default tcp://127.0.0.1:0)
// Prints "listening on URI" once bound; serves until its stdin closes or SIGTERM.

#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <csignal>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

/// What notifications delivered, in arrival order. Handlers of different connections run on
/// different threads, hence the lock.
class MessageLog {
public:
    void add(std::string message) {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::move(message));
    }

    std::vector<std::string> all() const {
        std::lock_guard lock(mutex_);
        return messages_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
};

void register_methods(rpcforge::Dispatcher& dispatcher, MessageLog& log) {
    dispatcher.add("subtract", {"minuend", "subtrahend"},
                   [](std::int64_t minuend, std::int64_t subtrahend) { return minuend - subtrahend; });
    dispatcher.add_untyped("sum", [](const rpcforge::json& params, rpcforge::CallContext&) {
        std::int64_t total = 0;
        for (const auto& value : params) total += rpcforge::convert<std::int64_t>(value, "params");
        return rpcforge::json(total);
    });
    dispatcher.add("get_data", [] { return rpcforge::json::array({"hello", 5}); });
    dispatcher.add_notification("notify_hello", {"n"},
                                [&log](std::int64_t n) { log.add("hello " + std::to_string(n)); });
    dispatcher.add_notification("log", {"message"}, [&log](std::string message) { log.add(std::move(message)); });
    dispatcher.add("get_log", [&log] { return log.all(); });
    dispatcher.add("fail", []() -> rpcforge::json { throw rpcforge::Error(-32001, "custom", {{"detail", 1}}); });
    dispatcher.add("echo", {"value"}, [](rpcforge::json value) { return value; });
    // Over HTTP: a cookie set by one call and read back by the next; a request header.
    dispatcher.add("login", {"user"}, [](rpcforge::CallContext& context, std::string user) {
        context.set_cookie("user", user);
        return "welcome " + user;
    });
    dispatcher.add("whoami", [](rpcforge::CallContext& context) {
        const auto* user = context.cookie("user");
        const auto* agent = context.header("User-Agent");
        return rpcforge::json{{"user", user ? *user : ""}, {"agent", agent ? *agent : ""}};
    });
}


/// Turns the end of stdin into a SIGTERM, so that the test driver can stop the server by
/// closing a pipe. kill() rather than raise(): raise() would signal only this thread, which
/// main's sigwait does not see.
void stop_when_stdin_closes() {
    std::thread([] {
        for (std::string line; std::getline(std::cin, line);) {
        }
        kill(getpid(), SIGTERM);
    }).detach();  // still blocked in a read if SIGTERM came first; the process exit ends it
}

}  // namespace

int main(int argc, char** argv) {
    std::string uri = argc > 1 ? argv[1] : "tcp://127.0.0.1:0";
    rpcforge::StopSignals stop_signals;

    MessageLog log;
    rpcforge::Dispatcher dispatcher;
    register_methods(dispatcher, log);
    rpcforge::Server server(dispatcher);
    try {
        auto bound = server.listen(uri);
        std::cout << "listening on " << bound << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "interop_server: " << e.what() << std::endl;
        return 1;
    }
    server.start();
    stop_when_stdin_closes();

    stop_signals.wait();
    server.stop();
}
