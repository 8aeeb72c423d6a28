// The server the soak runs against, as a child process:
//   rpcforge_soak_server --module LIVE_PATH --copies DIR --cert FILE --key FILE
// It serves over TCP, TLS, HTTP and WebSocket at once: "echo" on the I/O side, the hot-reloaded
// module's methods ("version", "length"), and "fib" on a process pool of two workers. It
// reloads the module whenever the file at LIVE_PATH changes, and answers "soak.status" with
// {generation, pool_pids} so that the soak can see reloads happen and find workers to kill.
// It prints "listening on TCP TLS HTTP WS" (four URIs) on stdout, and serves until SIGTERM.

#include <rpcforge/hot_reload.hpp>
#include <rpcforge/process_pool.hpp>
#include <rpcforge/server.hpp>
#include <rpcforge/stop_signals.hpp>

#include <iostream>
#include <map>
#include <string>
#include <unistd.h>

namespace {

std::int64_t fib(std::int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

std::map<std::string, std::string> read_flags(int argc, char** argv) {
    std::map<std::string, std::string> flags;
    for (int i = 1; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
    for (const char* needed : {"--module", "--copies", "--cert", "--key"})
        if (flags[needed].empty()) throw std::invalid_argument(std::string("missing ") + needed);
    return flags;
}

rpcforge::ProcessPoolOptions pool_options() {
    rpcforge::ProcessPoolOptions options;
    options.workers = 2;
    options.call_timeout = std::chrono::seconds(10);
    return options;
}

void add_status(rpcforge::Dispatcher& dispatcher, const rpcforge::ReloadableService& service,
                const rpcforge::ProcessPool& pool) {
    dispatcher.add("soak.status", [&service, &pool] {
        rpcforge::json pids = rpcforge::json::array();
        for (const auto& worker : pool.workers()) pids.push_back(worker.pid);
        return rpcforge::json{{"generation", service.generation()}, {"pool_pids", pids}};
    });
}

int serve(const std::map<std::string, std::string>& flags) {
    rpcforge::StopSignals signals;  // first: every thread started later blocks them too
    rpcforge::Dispatcher worker_methods;
    worker_methods.add("fib", {"n"}, [](std::int64_t n) { return fib(n); });
    // The pool forks its helper now, before any thread of this process exists.
    rpcforge::ProcessPool pool(worker_methods, pool_options());

    rpcforge::ReloadableService service(flags.at("--module"), {.copy_directory = flags.at("--copies")});
    rpcforge::Dispatcher dispatcher;
    service.add_to(dispatcher);
    pool.route(dispatcher, {"fib"});
    dispatcher.add("echo", {"text"}, [](const std::string& text) { return text; });
    add_status(dispatcher, service, pool);

    rpcforge::ServerOptions options;
    options.threads = 4;
    options.tls.certificate_file = flags.at("--cert");
    options.tls.private_key_file = flags.at("--key");
    {
        rpcforge::Server server(dispatcher, options);
        std::string uris;
        for (const char* uri : {"tcp://127.0.0.1:0", "tls://127.0.0.1:0", "http://127.0.0.1:0/rpc", "ws://127.0.0.1:0/rpc"})
            uris += (uris.empty() ? "" : " ") + server.listen(uri);
        service.watch({.interval = std::chrono::milliseconds(50)});
        server.start();
        std::cout << "listening on " << uris << std::endl;
        signals.wait();
        // The documented order: the server stops, then the pool, then the server goes.
        server.stop();
        service.stop_watching();
        pool.stop();
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return serve(read_flags(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "rpcforge_soak_server: " << e.what() << std::endl;
        return 1;
    }
}
