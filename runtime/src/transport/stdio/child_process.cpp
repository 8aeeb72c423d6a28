#include "transport/stdio/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace rpcforge::detail {
namespace {

struct Pipe {
    Pipe() {
        if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "cannot make a pipe");
    }
    ~Pipe() {
        for (int fd : fds)
            if (fd >= 0) ::close(fd);
    }
    int take(int end) { return std::exchange(fds[end], -1); }
    int fds[2] = {-1, -1};
};

/// The signals the parent blocks (StopSignals) would stay blocked in the child: unblock them.
struct SpawnAttributes {
    SpawnAttributes() {
        posix_spawnattr_init(&attributes);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    }
    ~SpawnAttributes() { posix_spawnattr_destroy(&attributes); }
    posix_spawnattr_t attributes;
};

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0].empty()) throw std::invalid_argument("no program to start");
    Pipe to_child, from_child;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 onto 0 and 1 clears close-on-exec there; every other end closes at exec.
    posix_spawn_file_actions_adddup2(&actions, to_child.fds[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child.fds[1], STDOUT_FILENO);
    SpawnAttributes spawn;
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    int error = posix_spawnp(&pid_, argv[0].c_str(), &actions, &spawn.attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::system_error(error, std::generic_category(), "cannot start '" + argv[0] + "'");
    stdin_fd_ = to_child.take(1);
    stdout_fd_ = from_child.take(0);
}

ChildProcess::~ChildProcess() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stop();
}

int ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    if (status_ != -1 || pid_ <= 0) return status_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (auto pause = std::chrono::milliseconds(1);; pause = std::min(pause * 2, std::chrono::milliseconds(50))) {
        int status = 0;
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_ || (done < 0 && errno != EINTR)) return status_ = done == pid_ ? status : 0;
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(pause);
    }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return status_;
    if (wait_for(grace) != -1) return status_;
    ::kill(pid_, SIGTERM);
    if (wait_for(grace) != -1) return status_;
    ::kill(pid_, SIGKILL);
    return wait_for(std::chrono::seconds(10));
}

}  // namespace rpcforge::detail
