#pragma once
// One service served on a free loopback TCP port, for the gateway example's demo and its test.

#include <rpcforge/server.hpp>
#include <rpcforge/service_binding.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace gateway_example {

class LocalServer {
public:
    /// Serves `binding` with `threads` handler threads.
    LocalServer(rpcforge::ServiceBinding binding, std::size_t threads) {
        binding.add_to(dispatcher_);
        rpcforge::ServerOptions options;
        options.threads = threads;
        server_ = std::make_unique<rpcforge::Server>(dispatcher_, options);
        uri_ = server_->listen("tcp://127.0.0.1:0");
        server_->start();
    }

    const std::string& uri() const { return uri_; }

private:
    rpcforge::Dispatcher dispatcher_;
    std::unique_ptr<rpcforge::Server> server_;
    std::string uri_;
};

}  // namespace gateway_example
