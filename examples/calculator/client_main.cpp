// The calculator client: typed calls, a notification, a typed batch with a declared error, and
// a callback from the server, each exchange printed as it crosses the wire.

#include "calculator_client.hpp"
#include "example_client.hpp"

#include <rpcforge/client.hpp>

#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

namespace {

std::mutex print_mutex;

void print(const std::string& line) {
    std::lock_guard lock(print_mutex);
    std::cout << line << std::endl;
}

void step(const std::string& title) { print("\n== " + title); }

rpcforge::ChildCommand command_of(const std::string& line) {
    rpcforge::ChildCommand command;
    std::istringstream words(line);
    for (std::string word; words >> word;) command.argv.push_back(word);
    return command;
}

/// What the server may tell this client.
class LogWatcher final : public calc::CalculatorCallbacks {
public:
    void log_added(const std::string& message, std::int64_t count) override {
        print("   callback: log_added(\"" + message + "\", " + std::to_string(count) + ")");
        heard_.set_value();
    }
    std::promise<void> heard_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge calculator client"};
    std::string uri = "tcp://127.0.0.1:7001";
    rpcforge::ClientOptions options;
    std::string spawn;
    app.add_option("--connect", uri, "server endpoint URI")->capture_default_str();
    app.add_option("--spawn", spawn,
                   "instead of connecting, start this server command (words split at spaces) and talk to it over "
                   "its stdin and stdout, e.g. \"calculator_server --mode stdio\"");
    rpcforge::examples::add_client_tls_options(app, options.tls);
    CLI11_PARSE(app, argc, argv);

    LogWatcher watcher;
    rpcforge::Dispatcher handlers;
    calc::bind(watcher).add_to(handlers);
    options.handlers = &handlers;
    options.peer.trace = [](rpcforge::Direction direction, std::string_view message) {
        print((direction == rpcforge::Direction::outgoing ? "-> " : "<- ") + std::string(message));
    };

    try {
        auto connection_ptr = spawn.empty() ? std::make_unique<rpcforge::Client>(uri, options)
                                            : std::make_unique<rpcforge::Client>(command_of(spawn), options);
        rpcforge::Client& connection = *connection_ptr;
        calc::CalculatorClient calculator(connection);

        step("typed calls: add(2, 3), then calculate(multiply 1.5 * 4 * 2)");
        print("   add = " + std::to_string(calculator.add(2, 3)));
        calc::Calculation calculation{};
        calculation.operation = calc::Operation::multiply;
        calculation.operands = {1.5, 4, 2};
        auto result = calculator.calculate(calculation);
        print("   " + result.expression + " = " + std::to_string(result.value));

        step("a notification: notify_log(\"hello\"); the server calls back every client");
        calculator.notify_log("hello");
        watcher.heard_.get_future().wait();

        step("a typed batch: subtract, divide by zero (a declared error), get_data, get_log");
        calc::CalculatorBatch batch(connection);
        auto difference = batch.subtract(42, 23);
        auto quotient = batch.divide(1, 0);
        auto data = batch.get_data();
        auto log = batch.get_log();
        batch.send();
        print("   subtract = " + std::to_string(difference.get()));
        try {
            quotient.get();
        } catch (const calc::DivisionByZero& e) {
            print("   divide failed with the declared error " + std::to_string(e.code()) + ": " + e.message());
        }
        print("   get_data has " + std::to_string(data.get().size()) + " items; get_log has " +
              std::to_string(log.get().size()) + " message(s)");
    } catch (const std::exception& e) {
        std::cerr << "calculator_client: " << e.what() << std::endl;
        return 1;
    }
}
