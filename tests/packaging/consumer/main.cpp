// Serves the generated Greeter service and calls it through the generated client over TCP:
// proves that the package generates, links and runs.
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

}  // namespace

int main() {
    Greeter service;
    rpcforge::Dispatcher dispatcher;
    greeter::bind(service).add_to(dispatcher);
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
    return greeting == "Hello, Countess Ada!" ? 0 : 1;
}
