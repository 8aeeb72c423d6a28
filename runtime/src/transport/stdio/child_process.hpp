#pragma once
// A child process whose stdin and stdout are pipes to this one (as an editor runs a language
// server). Reaped when the handle goes: given time to exit on the end of its input, then
// SIGTERM, then SIGKILL, so no zombie and no orphan is left behind.

#include <chrono>
#include <utility>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rpcforge::detail {

class ChildProcess {
public:
    /// Starts argv[0] (looked up in PATH when it has no '/') with `argv`; stderr is inherited.
    /// Throws std::system_error when it cannot be started, std::invalid_argument for an empty argv.
    explicit ChildProcess(const std::vector<std::string>& argv);
    /// Waits for the child as stop() does.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    /// The read end of the child's stdout and the write end of its stdin; whoever takes them
    /// owns them (-1 afterwards). Closing the write end is the child's cue to finish.
    int take_stdout() { return std::exchange(stdout_fd_, -1); }
    int take_stdin() { return std::exchange(stdin_fd_, -1); }

    /// Waits up to `grace` for the child to exit by itself, then sends SIGTERM and waits as
    /// long again, then SIGKILL. Returns the wait status (as waitpid's). Idempotent.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(2));
    /// Waits up to `timeout` without signalling; the wait status, or -1 if still running.
    int wait_for(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    int status_ = -1;
};

}  // namespace rpcforge::detail
