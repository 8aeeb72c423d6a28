// The gateway example end to end, in one process over loopback TCP: the two backends, the
// gateway in front of them with a single handler thread, and a client that sends many quotes at
// once from one coroutine. It prints how long they took together; with every backend call
// waiting `--delay-ms`, that is about one delay, however many calls there are.
//
//   gateway_demo [--calls 100] [--delay-ms 200]

#include "backends.hpp"
#include "gateway_client.hpp"
#include "gateway_service.hpp"
#include "local_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using namespace std::chrono;

struct Settings {
    int calls = 100;
    milliseconds delay{200};
};

Settings parse(int argc, char** argv) {
    Settings settings;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (i + 1 < argc && flag == "--calls") {
            settings.calls = std::atoi(argv[++i]);
        } else if (i + 1 < argc && flag == "--delay-ms") {
            settings.delay = milliseconds(std::atoi(argv[++i]));
        } else {
            std::cerr << "usage: gateway_demo [--calls N] [--delay-ms MS]\n";
            std::exit(2);
        }
    }
    if (settings.calls <= 0 || settings.delay.count() < 0) {
        std::cerr << "gateway_demo: --calls must be positive and --delay-ms not negative\n";
        std::exit(2);
    }
    return settings;
}


/// One caller, which co_awaits its quote. Callers run on one thread: `failed` needs no lock.
asio::awaitable<void> ask(gateway::GatewayClient& client, std::string symbol, int& failed) {
    try {
        co_await client.quote_async(symbol, asio::use_awaitable);
    } catch (const std::exception& e) {
        std::cerr << "gateway_demo: the quote of " << symbol << " failed: " << e.what() << "\n";
        ++failed;
    }
}

}  // namespace

int main(int argc, char** argv) {
    auto settings = parse(argc, argv);
    gateway_example::SlowPrices prices(settings.delay);
    gateway_example::SlowRatings ratings(settings.delay);
    gateway_example::LocalServer prices_server(prices::bind(prices), 1);
    gateway_example::LocalServer ratings_server(ratings_rpc::bind(ratings), 1);
    gateway_example::Gateway gateway(prices_server.uri(), ratings_server.uri());
    gateway_example::LocalServer gateway_server(gateway::bind(gateway), 1);  // one handler thread for every quote

    rpcforge::Client connection(gateway_server.uri());
    gateway::GatewayClient client(connection);
    auto first = client.quote("ACME");
    std::cout << "ACME: " << first.cents << " cents, " << first.rating << "\n";

    auto started = steady_clock::now();
    asio::io_context io;
    int failures = 0;
    for (int i = 0; i < settings.calls; ++i)
        asio::co_spawn(io, ask(client, "STOCK" + std::to_string(i), failures), asio::detached);
    io.run();  // returns once every caller has its answer
    auto took = duration_cast<milliseconds>(steady_clock::now() - started);
    std::cout << settings.calls << " quotes at once, each asking two backends that take " << settings.delay.count()
              << " ms, through a gateway with one handler thread: " << took.count() << " ms\n";
    return failures == 0 ? 0 : 1;
}
