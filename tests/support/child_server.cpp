#include "support/child_server.hpp"

#include <csignal>
#include <poll.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace rpcforge::test {

std::string read_line(int fd, std::chrono::steady_clock::time_point deadline) {
    std::string line;
    char c = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd wanted{fd, POLLIN, 0};
        if (::poll(&wanted, 1, 100) <= 0) continue;
        if (::read(fd, &c, 1) != 1) return "";
        if (c == '\n') return line;
        line += c;
    }
    return "";
}

ChildServer::ChildServer(const std::vector<std::string>& argv) : child_(std::make_unique<detail::ChildProcess>(argv)) {
    out_ = child_->take_stdout();
    int out = out_;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (std::string line; uri_.empty() && !(line = read_line(out, deadline)).empty();)
        if (line.rfind("listening on ", 0) == 0) uri_ = line.substr(13);
    if (uri_.empty()) throw std::runtime_error("the server did not say where it listens");
}

ChildServer::~ChildServer() {
    child_->stop();
    ::close(out_);
}

int ChildServer::signal_and_wait(int signal, std::chrono::milliseconds timeout) {
    ::kill(child_->pid(), signal);
    return child_->wait_for(timeout);
}

std::string mode_server_path() { return RPCFORGE_MODE_SERVER; }

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace rpcforge::test
