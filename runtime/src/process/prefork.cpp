#include <rpcforge/prefork.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace rpcforge {
namespace {

std::string describe_exit(int pid, int status) {
    auto who = "worker " + std::to_string(pid);
    if (WIFSIGNALED(status)) return who + " killed by signal " + std::to_string(WTERMSIG(status));
    return who + " exited with status " + std::to_string(WEXITSTATUS(status));
}

sigset_t parent_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGHUP);
    return set;
}

}  // namespace

Prefork::Prefork(PreforkOptions options) : options_(std::move(options)) {
    if (options_.workers == 0) throw std::invalid_argument("prefork needs at least one worker");
}

Prefork::~Prefork() {
    stop_workers();
    for (auto& socket : sockets_) close_bound_socket(socket, true);
}

std::string Prefork::listen(const std::string& uri) {
    sockets_.push_back(bind_socket(uri));
    return sockets_.back().uri;
}

void Prefork::log(const std::string& message) const {
    if (options_.log) options_.log(message);
}

void Prefork::start_worker(const Worker& worker) {
    // Whatever the parent buffered must not come out twice.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "cannot fork a worker");
    if (pid == 0) {
        // A worker must not outlive a parent killed outright (which cannot reap or replace it).
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(1);
        sigset_t child_signal;
        sigemptyset(&child_signal);
        sigaddset(&child_signal, SIGCHLD);
        ::pthread_sigmask(SIG_UNBLOCK, &child_signal, nullptr);
        int status = 1;
        try {
            status = worker(sockets_);
        } catch (const std::exception& e) {
            std::cerr << "worker " << ::getpid() << ": " << e.what() << std::endl;
        }
        std::cout.flush();
        std::cerr.flush();
        // The worker's process ends here: returning would run the rest of the parent's main
        // (and its destructors) a second time.
        ::_exit(status);
    }
    children_.push_back({pid, std::chrono::steady_clock::now()});
    log("worker " + std::to_string(pid) + " started");
}

/// False once workers keep failing to start.
bool Prefork::reap_and_replace(const Worker& worker) {
    for (;;) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) return true;
        if (std::erase_if(retiring_, [&](const Child& c) { return c.pid == pid; }) != 0) {
            log(describe_exit(pid, status) + " (restarted)");
            continue;
        }
        auto it = std::find_if(children_.begin(), children_.end(), [&](const Child& c) { return c.pid == pid; });
        if (it == children_.end()) continue;
        bool too_soon = std::chrono::steady_clock::now() - it->started < options_.min_worker_life;
        children_.erase(it);
        log(describe_exit(pid, status) + "; starting another");
        failed_starts_ = too_soon ? failed_starts_ + 1 : 0;
        if (failed_starts_ >= options_.max_failed_starts) {
            log("workers keep failing to start; stopping");
            return false;
        }
        start_worker(worker);
    }
}

void Prefork::restart_workers(const Worker& worker) {
    log("restarting workers");
    // The new worker is accepting before the old one stops accepting: the sockets never go
    // unserved. The old one gets SIGTERM, which its server takes as a graceful stop.
    for (const auto& old : std::exchange(children_, {})) {
        start_worker(worker);
        retiring_.push_back(old);
        ::kill(old.pid, SIGTERM);
    }
}

void Prefork::stop_workers() {
    children_.insert(children_.end(), retiring_.begin(), retiring_.end());
    retiring_.clear();
    if (children_.empty()) return;
    for (const auto& child : children_) ::kill(child.pid, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + options_.stop_deadline;
    while (!children_.empty()) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            std::erase_if(children_, [&](const Child& c) { return c.pid == pid; });
            log(describe_exit(pid, status));
            continue;
        }
        if (pid < 0 && errno == ECHILD) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            for (const auto& child : children_) {
                log("worker " + std::to_string(child.pid) + " did not stop in time; killing it");
                ::kill(child.pid, SIGKILL);
                ::waitpid(child.pid, &status, 0);
            }
            break;
        }
        ::usleep(10 * 1000);
    }
    children_.clear();
}

int Prefork::run(const Worker& worker) {
    sigset_t watched = parent_signals();
    sigset_t previous;
    ::pthread_sigmask(SIG_BLOCK, &watched, &previous);
    bool healthy = true;
    for (std::size_t i = 0; i < options_.workers; ++i) start_worker(worker);
    while (healthy) {
        timespec second{1, 0};  // a missed SIGCHLD is caught up with at the next second
        int signal = ::sigtimedwait(&watched, nullptr, &second);
        if (signal == SIGINT || signal == SIGTERM) break;
        if (signal == SIGHUP) restart_workers(worker);
        healthy = reap_and_replace(worker);
    }
    if (options_.on_stop) options_.on_stop();
    log("stopping workers");
    stop_workers();
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return healthy ? 0 : 1;
}

}  // namespace rpcforge
