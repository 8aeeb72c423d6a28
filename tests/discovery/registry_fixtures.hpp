#pragma once
// The registry as the tests run it: rpcforge-registry as a process of its own (for what the
// process matters to: kills, restarts, flags, UDP), or in this process on a real socket.

#include "registry_service.hpp"
#include "store.hpp"

#include "support/child_server.hpp"  // eventually()
#include "transport/stdio/child_process.hpp"

#include <rpcforge/server.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::test {

/// The path of the rpcforge-registry built with the tests, and of the rpcforge command.
std::string registry_path();
std::string rpcforge_path();

/// rpcforge-registry (or `program`, e.g. `rpcforge registry`), started with `args` and
/// "--listen tcp://127.0.0.1:PORT" (port 0 unless given: a free one), stopped with SIGTERM
/// when destroyed.
class RegistryProcess {
public:
    explicit RegistryProcess(std::vector<std::string> args = {}, unsigned port = 0,
                             std::vector<std::string> program = {registry_path()});
    ~RegistryProcess();
    RegistryProcess(const RegistryProcess&) = delete;
    RegistryProcess& operator=(const RegistryProcess&) = delete;

    /// "127.0.0.1:PORT" of the TCP endpoint, and of the UDP one when --udp was given.
    const std::string& store() const { return store_; }
    const std::string& udp() const { return udp_; }
    unsigned port() const;
    std::string uri(const std::string& service) const { return "registry://" + store_ + "/" + service; }
    /// Sends `signal` and waits for the exit; the wait status.
    int kill(int signal);

private:
    std::unique_ptr<detail::ChildProcess> child_;
    int out_ = -1;
    std::string store_;
    std::string udp_;
};

/// The registry served in this process, for checks of its methods that need no process.
struct InProcessRegistry {
    explicit InProcessRegistry(registry::StoreLimits limits = {}, ServerOptions options = {});
    ~InProcessRegistry();

    std::string uri(const std::string& service) const { return "registry://" + store + "/" + service; }

    registry::Store registry_store;
    registry::RegistryService service{registry_store};
    Dispatcher dispatcher;
    std::unique_ptr<Server> server;
    std::string endpoint;  // tcp://127.0.0.1:PORT
    std::string store;     // 127.0.0.1:PORT
};

/// A loopback TCP port nothing listens on (bound, then closed, so connections are refused).
unsigned dead_port();

}  // namespace rpcforge::test
