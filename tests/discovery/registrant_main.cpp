// A server's side of discovery in a process of its own, for the tests that kill it:
//   registry_registrant URI SERVICE ENDPOINT TTL_SECONDS
// registers ENDPOINT, says "registered", and keeps the registration alive until killed (or
// until its stdin closes, when it deregisters).

#include <rpcforge/discovery.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: registry_registrant URI SERVICE ENDPOINT TTL_SECONDS\n";
        return 2;
    }
    try {
        auto discovery = rpcforge::open_discovery(rpcforge::DiscoveryUri::parse(argv[1]));
        rpcforge::ServiceInstance instance;
        instance.endpoint = argv[3];
        auto registration = discovery->register_instance(argv[2], instance, std::chrono::seconds(std::stoi(argv[4])));
        std::cout << "registered" << std::endl;
        for (char c = 0; std::cin.get(c);) {
        }
    } catch (const std::exception& e) {
        std::cerr << "registry_registrant: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
