// The demo client: a call, a notification, a batch, and notifications pushed by the server,
// each exchange printed as it crosses the wire.

#include "example_client.hpp"

#include <rpcforge/client.hpp>

#include <iostream>
#include <mutex>

namespace {

std::mutex print_mutex;

void print(const std::string& line) {
    std::lock_guard lock(print_mutex);
    std::cout << line << std::endl;
}

void step(const std::string& title) { print("\n== " + title); }

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge demo client"};
    std::string uri = "tcp://127.0.0.1:7001";
    rpcforge::ClientOptions options;
    app.add_option("--connect", uri, "server endpoint URI")->capture_default_str();
    rpcforge::examples::add_client_tls_options(app, options.tls);
    CLI11_PARSE(app, argc, argv);

    // What the server may call on this client.
    rpcforge::Dispatcher handlers;
    handlers.add_notification("tick", {"n", "of"}, [](int n, int of) {
        print("   client got tick " + std::to_string(n) + " of " + std::to_string(of));
    });

    options.handlers = &handlers;
    options.peer.trace = [](rpcforge::Direction direction, std::string_view message) {
        print((direction == rpcforge::Direction::outgoing ? "-> " : "<- ") + std::string(message));
    };

    try {
        rpcforge::Client client(uri, options);

        step("a call: add(2, 3)");
        print("   result: " + client.call("add", {2, 3}).dump());

        step("a notification: log(\"hello from the demo\")");
        client.notify("log", {{"message", "hello from the demo"}});

        step("a batch: sum, subtract (by name), notify_hello, get_data, and an unknown method");
        auto answers = client.send_batch(rpcforge::Batch()
                                             .call("sum", {1, 2, 4})
                                             .call("subtract", {{"minuend", 42}, {"subtrahend", 23}})
                                             .notify("notify_hello", {7})
                                             .call("get_data")
                                             .call("no_such_method"));
        for (auto& answer : answers) {
            try {
                print("   result: " + answer.get().dump());
            } catch (const rpcforge::Error& e) {
                print("   error " + std::to_string(e.code()) + ": " + e.message());
            }
        }

        step("server-to-client notifications: subscribe(3)");
        print("   result: " + client.call("subscribe", {3}).dump());
    } catch (const std::exception& e) {
        std::cerr << "demo_client: " << e.what() << std::endl;
        return 1;
    }
}
