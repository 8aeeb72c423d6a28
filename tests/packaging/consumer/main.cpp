// Serves one method and calls it over TCP: proves the package links and runs.
#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <iostream>

int main() {
    rpcforge::Dispatcher methods;
    methods.add("add", {"a", "b"}, [](int a, int b) { return a + b; });
    rpcforge::Server server(methods);
    auto uri = server.listen("tcp://127.0.0.1:0");
    server.start();
    auto sum = rpcforge::Client(uri).call("add", {2, 3});
    std::cout << "add(2, 3) = " << sum << std::endl;
    return sum == 5 ? 0 : 1;
}
