// The raw-TCP floor of the benchmark suite: the least a JSON-RPC server over newline-framed TCP
// can do. One thread, epoll, non-blocking sockets; for every line it reads it pulls out the two
// integers of "params" and the "id" by scanning (no JSON parser, no dispatch, no allocation per
// message) and writes {"jsonrpc":"2.0","result":a+b,"id":id}. The answers to every line of one
// read() go out in one write(). rpcforge's TCP figures are quoted as ratios to this.
//
//   epoll_floor PORT     prints "listening tcp://127.0.0.1:PORT", then serves until killed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

struct Connection {
    std::string unread;   // the start of a line whose end has not arrived yet
    std::string unsent;   // answers the socket did not take yet
};

long long number_after(std::string_view line, std::string_view key, std::size_t* end = nullptr) {
    auto at = line.find(key);
    if (at == std::string_view::npos) return 0;
    long long value = 0;
    const char* first = line.data() + at + key.size();
    while (*first == ' ') ++first;
    auto [rest, error] = std::from_chars(first, line.data() + line.size(), value);
    if (end) *end = static_cast<std::size_t>(rest - line.data());
    (void)error;
    return value;
}

void answer_line(std::string_view line, std::string& out) {
    std::size_t after_a = 0;
    long long a = number_after(line, "\"params\":[", &after_a);
    long long b = after_a ? number_after(line.substr(after_a), ",") : 0;
    long long id = number_after(line, "\"id\":");
    char text[96];
    int length = std::snprintf(text, sizeof text, "{\"jsonrpc\":\"2.0\",\"result\":%lld,\"id\":%lld}\n", a + b, id);
    out.append(text, static_cast<std::size_t>(length));
}

void flush(int fd, Connection& connection) {
    while (!connection.unsent.empty()) {
        ssize_t written = ::send(fd, connection.unsent.data(), connection.unsent.size(), MSG_NOSIGNAL);
        if (written <= 0) return;  // EAGAIN: the rest goes with the next answers
        connection.unsent.erase(0, static_cast<std::size_t>(written));
    }
}

// Reads what is there and answers every complete line; false when the peer is gone.
bool serve(int fd, Connection& connection) {
    char buffer[65536];
    for (;;) {
        ssize_t count = ::read(fd, buffer, sizeof buffer);
        if (count == 0) return false;
        if (count < 0) return errno == EAGAIN || errno == EINTR;
        std::string_view data(buffer, static_cast<std::size_t>(count));
        if (!connection.unread.empty()) {
            connection.unread.append(data);
            data = connection.unread;
        }
        std::size_t start = 0;
        for (std::size_t end; (end = data.find('\n', start)) != std::string_view::npos; start = end + 1)
            answer_line(data.substr(start, end - start), connection.unsent);
        std::string rest(data.substr(start));
        connection.unread = std::move(rest);
        flush(fd, connection);
    }
}

int listen_on(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4096) != 0) {
        std::perror("epoll_floor: bind");
        std::exit(1);
    }
    return fd;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: epoll_floor PORT\n");
        return 2;
    }
    int listener = listen_on(std::atoi(argv[1]));
    int poller = ::epoll_create1(0);
    epoll_event event{.events = EPOLLIN, .data = {.fd = listener}};
    ::epoll_ctl(poller, EPOLL_CTL_ADD, listener, &event);
    std::printf("listening tcp://127.0.0.1:%s\nready\n", argv[1]);
    std::fflush(stdout);

    std::unordered_map<int, Connection> connections;
    epoll_event ready[256];
    for (;;) {
        int count = ::epoll_wait(poller, ready, 256, -1);
        for (int i = 0; i < count; ++i) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                for (int client; (client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) {
                    int one = 1;
                    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event added{.events = EPOLLIN | EPOLLRDHUP, .data = {.fd = client}};
                    ::epoll_ctl(poller, EPOLL_CTL_ADD, client, &added);
                    connections[client];
                }
                continue;
            }
            if (!serve(fd, connections[fd]) || (ready[i].events & (EPOLLHUP | EPOLLERR))) {
                ::close(fd);
                connections.erase(fd);
            }
        }
    }
}
