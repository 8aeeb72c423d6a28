// Serves the generated Greeter (from OpenRPC) and Clock (from a C++ header) services and calls
// them through the generated clients over TCP: proves that the package generates, links and runs.
#include "clock_client.hpp"
#include "clock_server.hpp"
#include "greeter_client.hpp"
#include "greeter_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <iostream>

namespace {

class Greeter final : public greeter::Greeter {
public:
    std::string greet(const greeter::Person& person) override {
        return "Hello, " + person.title.value_or("") + (person.title ? " " : "") + person.name + "!";
    }
};

class Clock final : public consumer::Clock {
public:
    consumer::Duration uptime(consumer::Unit unit) override {
        return {unit == consumer::Unit::minutes ? 2 : 120, unit};
    }
};

}  // namespace

int main() {
    Greeter service;
    Clock clock;
    // Two services on one server: rpc.discover describes both.
    rpcforge::Dispatcher dispatcher;
    greeter::bind(service).add_to(dispatcher);
    clock_rpc::bind(clock).add_to(dispatcher);
    rpcforge::Server server(dispatcher);
    auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();

    rpcforge::Client connection(uri);
    greeter::GreeterClient client(connection);
    greeter::Person person{};
    person.name = "Ada";
    person.title = "Countess";
    auto greeting = client.greet(person);
    std::cout << "greet -> " << greeting << std::endl;

    clock_rpc::ClockClient remote_clock(connection);
    consumer::Clock& any_clock = remote_clock;  // the generated client implements the interface
    auto uptime = any_clock.uptime(consumer::Unit::minutes);
    std::cout << "uptime -> " << uptime.amount << " minutes" << std::endl;
    auto described = connection.call("rpc.discover").at("info").at("x-rpcforge-services").size();
    std::cout << "rpc.discover -> " << described << " services" << std::endl;
    return greeting == "Hello, Countess Ada!" && uptime.amount == 2 && uptime.unit == consumer::Unit::minutes &&
                   described == 2
               ? 0
               : 1;
}
