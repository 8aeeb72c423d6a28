// A server for tests of the server's modes, run as a child process:
//   rpcforge_mode_server [--mode threaded|prefork|stdio] [--workers N] [--listen URI]
// (in stdio mode --listen may give stdio:?framing=...)
// It prints "listening on URI" on stdout (stderr in stdio mode) and serves "pid" (the process
// that answers), "echo", and "print" (writes its text to std::cout: in stdio mode that must not
// reach the client) until SIGTERM, or the end of stdin in stdio mode.

#include <rpcforge/prefork.hpp>
#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <iostream>
#include <string>
#include <unistd.h>

namespace {

struct Arguments {
    std::string mode = "threaded";
    std::size_t workers = 2;
    std::string listen = "tcp://127.0.0.1:0";
};

void add_methods(rpcforge::Dispatcher& dispatcher) {
    dispatcher.add("pid", [] { return static_cast<std::int64_t>(::getpid()); });
    dispatcher.add("echo", {"text"}, [](const std::string& text) { return text; });
    dispatcher.add("print", {"text"}, [](const std::string& text) {
        std::cout << text << std::endl;
        return true;
    });
}

int serve(rpcforge::Server& server, rpcforge::StopSignals& signals, bool stdio) {
    server.start();
    while (!(stdio && server.stdio_closed()))
        if (signals.wait_for(std::chrono::milliseconds(20)) != 0) break;
    server.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    rpcforge::StopSignals signals;
    Arguments arguments;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--mode") arguments.mode = argv[i + 1];
        else if (flag == "--workers") arguments.workers = std::stoul(argv[i + 1]);
        else if (flag == "--listen") arguments.listen = argv[i + 1];
    }
    rpcforge::Dispatcher dispatcher;
    add_methods(dispatcher);
    try {
        if (arguments.mode == "stdio") {
            rpcforge::Server server(dispatcher);
            auto uri = arguments.listen.rfind("stdio:", 0) == 0 ? arguments.listen : "stdio:";
            std::cerr << "listening on " << server.listen(uri) << std::endl;
            return serve(server, signals, true);
        }
        if (arguments.mode == "prefork") {
            rpcforge::Prefork prefork({.workers = arguments.workers, .log = [](const std::string& message) {
                                           std::cerr << "prefork: " << message << std::endl;
                                       }});
            std::cout << "listening on " << prefork.listen(arguments.listen) << std::endl;
            return prefork.run([&](const std::vector<rpcforge::BoundSocket>& sockets) {
                rpcforge::StopSignals worker_signals;
                rpcforge::Server server(dispatcher);
                for (const auto& socket : sockets) server.listen(socket);
                return serve(server, worker_signals, false);
            });
        }
        rpcforge::Server server(dispatcher);
        std::cout << "listening on " << server.listen(arguments.listen) << std::endl;
        return serve(server, signals, false);
    } catch (const std::exception& e) {
        std::cerr << "rpcforge_mode_server: " << e.what() << std::endl;
        return 1;
    }
}
