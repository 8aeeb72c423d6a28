#include "process/zygote.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace rpcforge::detail {

namespace {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

/// Parent -> helper, one SOCK_SEQPACKET message each.
struct Command {
    char op;  // 's' spawn, 'k' kill
    pid_t pid;
};
/// Helper -> parent, answering 's', with the parent's end of the new socketpair attached.
struct SpawnReply {
    pid_t pid;
    int error;
};

constexpr milliseconds answer_timeout{10'000};
constexpr milliseconds reap_interval{100};

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

bool send_with_socket(int control, const SpawnReply& reply, int socket) {
    iovec data{const_cast<SpawnReply*>(&reply), sizeof reply};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int))] = {};
    if (socket >= 0) {
        message.msg_control = space;
        message.msg_controllen = sizeof space;
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(header), &socket, sizeof socket);
    }
    ssize_t sent;
    do sent = ::sendmsg(control, &message, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    return sent == static_cast<ssize_t>(sizeof reply);
}

/// False when the helper is gone; `socket` is -1 unless one came with the reply.
bool receive_with_socket(int control, SpawnReply& reply, int& socket) {
    iovec data{&reply, sizeof reply};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = space;
    message.msg_controllen = sizeof space;
    ssize_t got;
    do got = ::recvmsg(control, &message, MSG_CMSG_CLOEXEC);
    while (got < 0 && errno == EINTR);
    socket = -1;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header))
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS)
            std::memcpy(&socket, CMSG_DATA(header), sizeof socket);
    return got == static_cast<ssize_t>(sizeof reply);
}

/// Waits for `fd` to be readable; false on timeout.
bool wait_readable(int fd, milliseconds timeout) {
    auto deadline = steady::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now()).count();
        pollfd watch{fd, POLLIN, 0};
        int ready = ::poll(&watch, 1, static_cast<int>(std::max<long long>(left, 0)));
        if (ready > 0) return true;
        if (ready == 0 || errno != EINTR) return false;
    }
}

/// The helper process's whole life.
class Helper {
public:
    Helper(int control, const std::function<void(int)>& worker_main, milliseconds stop_timeout)
        : control_(control), worker_main_(worker_main), stop_timeout_(stop_timeout) {}

    [[noreturn]] void run() {
        // Only the parent decides when workers end (a terminal's Ctrl-C reaches the whole
        // process group): they end when their connection closes.
        ::signal(SIGINT, SIG_IGN);
        for (;;) {
            reap();
            if (!wait_readable(control_, reap_interval)) continue;
            Command command{};
            ssize_t got = ::recv(control_, &command, sizeof command, 0);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;  // the parent closed its end (or is gone): time to end
            if (command.op == 's') spawn();
            if (command.op == 'k' && workers_.count(command.pid) != 0) ::kill(command.pid, SIGKILL);
        }
        end_workers();
        ::_exit(0);
    }

private:
    void spawn() {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
            send_with_socket(control_, {-1, errno}, -1);
            return;
        }
        pid_t helper = ::getpid();
        pid_t pid = ::fork();
        if (pid == 0) {
            ::close(pair[0]);
            ::close(control_);
            become_worker(pair[1], helper);
        }
        int error = errno;
        ::close(pair[1]);
        if (pid > 0) workers_.insert(pid);
        send_with_socket(control_, {pid, pid < 0 ? error : 0}, pid > 0 ? pair[0] : -1);
        ::close(pair[0]);
    }

    [[noreturn]] void become_worker(int socket, pid_t helper) {
        // A worker never outlives its helper (killed, say): nothing would reap it then.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != helper) ::_exit(1);
        try {
            worker_main_(socket);
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }

    void reap() {
        for (;;) {
            pid_t pid = ::waitpid(-1, nullptr, WNOHANG);
            if (pid <= 0) return;
            workers_.erase(pid);
        }
    }

    void end_workers() {
        auto deadline = steady::now() + stop_timeout_;
        for (reap(); !workers_.empty() && steady::now() < deadline; reap())
            std::this_thread::sleep_for(milliseconds(2));
        for (pid_t pid : workers_) ::kill(pid, SIGKILL);
        for (pid_t pid : workers_)
            while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
    }

    int control_;
    const std::function<void(int)>& worker_main_;
    milliseconds stop_timeout_;
    std::set<pid_t> workers_;
};

/// Waits for the child `pid` to end, killing it after `timeout`, and reaps it.
void reap_child(pid_t pid, milliseconds timeout) {
    auto deadline = steady::now() + timeout;
    for (;;) {
        pid_t done = ::waitpid(pid, nullptr, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR)) return;  // ECHILD: reaped by the system
        if (steady::now() > deadline) break;
        std::this_thread::sleep_for(milliseconds(2));
    }
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

Zygote::Zygote(std::function<void(int)> worker_main, milliseconds stop_timeout) : stop_timeout_(stop_timeout) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) throw_errno("cannot make a socketpair");
    pid_t pid = ::fork();
    if (pid < 0) {
        int error = errno;
        ::close(pair[0]);
        ::close(pair[1]);
        throw std::system_error(error, std::generic_category(), "cannot fork the worker helper process");
    }
    if (pid == 0) {
        ::close(pair[0]);
        // Nothing else of the parent's (listening sockets, files) stays open in the helper and
        // its workers, where it would outlive the parent's own close.
        if (pair[1] > 3) ::close_range(3, pair[1] - 1, 0);
        ::close_range(pair[1] + 1, ~0U, 0);
        Helper(pair[1], worker_main, stop_timeout).run();
    }
    ::close(pair[1]);
    pid_ = pid;
    control_ = pair[0];
}

Zygote::~Zygote() {
    ::close(control_);  // the helper reads the end of its input, ends its workers and exits
    reap_child(pid_, stop_timeout_ + answer_timeout);
}

SpawnedWorker Zygote::spawn() {
    std::lock_guard lock(mutex_);
    if (broken_) throw std::runtime_error("the worker helper process stopped answering");
    Command command{'s', 0};
    if (::send(control_, &command, sizeof command, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof command))
        throw std::runtime_error("the worker helper process is gone");
    SpawnReply reply{};
    int socket = -1;
    // After a timeout a late answer could be taken for the next one's: no more exchanges then.
    broken_ = !wait_readable(control_, answer_timeout) || !receive_with_socket(control_, reply, socket);
    if (broken_) throw std::runtime_error("the worker helper process did not answer");
    if (reply.pid <= 0 || socket < 0) {
        if (socket >= 0) ::close(socket);
        throw std::system_error(reply.error, std::generic_category(), "cannot start a worker process");
    }
    return {reply.pid, socket};
}

void Zygote::kill(pid_t pid) {
    std::lock_guard lock(mutex_);
    Command command{'k', pid};
    ::send(control_, &command, sizeof command, MSG_NOSIGNAL);
}

}  // namespace rpcforge::detail
