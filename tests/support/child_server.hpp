#pragma once
// A server running as a child process (tests/support/mode_server.cpp), for tests of modes that
// need processes of their own: prefork, stdio.

#include "transport/stdio/child_process.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::test {

class ChildServer {
public:
    /// Starts `argv` and waits (up to 20 s) for its "listening on URI" line on stdout.
    explicit ChildServer(const std::vector<std::string>& argv);
    /// Stops the server if still running (SIGTERM after a grace period, then SIGKILL).
    ~ChildServer();

    const std::string& uri() const { return uri_; }
    int pid() const { return child_->pid(); }
    /// Sends `signal` and waits up to `timeout` for the exit; the wait status, -1 if it did not exit.
    int signal_and_wait(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    std::unique_ptr<detail::ChildProcess> child_;
    std::string uri_;
    int out_ = -1;  // the server's stdout, kept open so that its prints never hit a closed pipe
};

/// One line from `fd` (without its newline), or "" if none came by `deadline`.
std::string read_line(int fd, std::chrono::steady_clock::time_point deadline);

/// The path of the mode server binary.
std::string mode_server_path();

/// Waits up to `timeout` for `condition`, checking every few milliseconds.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace rpcforge::test
