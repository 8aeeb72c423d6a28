// Blocking sockets here: one connection, and the flood is limited by what the server takes.

#include "notification_flood.hpp"

#include <poll.h>

#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>

namespace rpcforge::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::string_view note_message = R"({"jsonrpc":"2.0","method":"note","params":[1]})";
constexpr std::size_t notes_per_write = 64;

/// A blocking JSON-RPC connection that sends many notifications at once and reads one answer.
class FloodChannel {
public:
    virtual ~FloodChannel() = default;
    virtual void send_notes(std::size_t count) = 0;
    virtual void send(std::string_view message) = 0;
    virtual std::string receive() = 0;
};

template <class Socket>
class StreamFloodChannel final : public FloodChannel {
public:
    explicit StreamFloodChannel(Socket socket) : socket_(std::move(socket)) {
        for (std::size_t i = 0; i < notes_per_write; ++i) (notes_ += note_message) += '\n';
    }
    void send_notes(std::size_t count) override {
        asio::write(socket_, asio::buffer(notes_.data(), notes_.size() / notes_per_write * count));
    }
    void send(std::string_view message) override {
        std::string line(message);
        line += '\n';
        asio::write(socket_, asio::buffer(line));
    }
    std::string receive() override {
        auto length = asio::read_until(socket_, asio::dynamic_buffer(incoming_), '\n');
        std::string line = incoming_.substr(0, length - 1);
        incoming_.erase(0, length);
        return line;
    }

private:
    Socket socket_;
    std::string notes_;
    std::string incoming_;
};

class WebSocketFloodChannel final : public FloodChannel {
public:
    WebSocketFloodChannel(asio::io_context& io, const Target& target) : socket_(io) {
        asio::ip::tcp::resolver resolver(io);
        asio::connect(socket_.next_layer(), resolver.resolve(target.host, target.port));
        socket_.next_layer().set_option(asio::ip::tcp::no_delay(true));
        socket_.text(true);
        socket_.handshake(target.host + ":" + target.port, target.path);
    }
    void send_notes(std::size_t count) override {
        for (std::size_t i = 0; i < count; ++i) socket_.write(asio::buffer(note_message));
    }
    void send(std::string_view message) override { socket_.write(asio::buffer(message)); }
    std::string receive() override {
        beast::flat_buffer buffer;
        socket_.read(buffer);
        return beast::buffers_to_string(buffer.data());
    }

private:
    beast::websocket::stream<asio::ip::tcp::socket> socket_;
};

std::unique_ptr<FloodChannel> open_channel(asio::io_context& io, const Target& target) {
    if (target.kind == Target::Kind::websocket) return std::make_unique<WebSocketFloodChannel>(io, target);
    if (target.kind == Target::Kind::unix_socket) {
        asio::local::stream_protocol::socket socket(io);
        socket.connect(asio::local::stream_protocol::endpoint(target.path));
        return std::make_unique<StreamFloodChannel<asio::local::stream_protocol::socket>>(std::move(socket));
    }
    asio::ip::tcp::socket socket(io);
    asio::ip::tcp::resolver resolver(io);
    asio::connect(socket, resolver.resolve(target.host, target.port));
    socket.set_option(asio::ip::tcp::no_delay(true));
    return std::make_unique<StreamFloodChannel<asio::ip::tcp::socket>>(std::move(socket));
}

/// Calls `noted`: how many notifications the server has run so far.
std::uint64_t count_noted(FloodChannel& channel, std::uint64_t id) {
    channel.send(R"({"jsonrpc":"2.0","method":"noted","id":)" + std::to_string(id) + "}");
    auto answer = nlohmann::json::parse(channel.receive());
    if (!answer.contains("result") || answer.value("id", 0ull) != id)
        throw std::runtime_error("noted answered " + answer.dump());
    return answer["result"].get<std::uint64_t>();
}

std::uint64_t flood_for(FloodChannel& channel, std::chrono::nanoseconds duration) {
    std::uint64_t sent = 0;
    for (auto end = Clock::now() + duration; Clock::now() < end; sent += notes_per_write)
        channel.send_notes(notes_per_write);
    return sent;
}

}  // namespace

nlohmann::json flood_notifications(const Target& target, std::chrono::nanoseconds warmup,
                                   std::chrono::nanoseconds measured) {
    asio::io_context io;
    auto channel = open_channel(io, target);
    flood_for(*channel, warmup);
    auto before = count_noted(*channel, 1);
    auto start = Clock::now();
    auto sent = flood_for(*channel, measured);
    auto after = count_noted(*channel, 2);
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    auto seen = after - before;
    return {{"ok", seen},
            {"errors", sent > seen ? sent - seen : 0},
            {"seconds", seconds},
            {"rate", static_cast<double>(seen) / seconds}};
}

nlohmann::json hold_idle_connections(const Target& target, std::size_t count, std::chrono::nanoseconds hold) {
    asio::io_context io;
    std::vector<asio::ip::tcp::socket> tcp;
    std::vector<asio::local::stream_protocol::socket> local;
    std::vector<int> descriptors;
    asio::ip::tcp::resolver resolver(io);
    auto endpoints = target.kind == Target::Kind::unix_socket ? decltype(resolver.resolve("", "")){}
                                                              : resolver.resolve(target.host, target.port);
    for (std::size_t i = 0; i < count; ++i) {
        if (target.kind == Target::Kind::unix_socket) {
            local.emplace_back(io).connect(asio::local::stream_protocol::endpoint(target.path));
            descriptors.push_back(local.back().native_handle());
        } else {
            auto& socket = tcp.emplace_back(io);
            asio::connect(socket, endpoints);
            descriptors.push_back(socket.native_handle());
        }
    }
    std::cout << nlohmann::json{{"held", descriptors.size()}}.dump() << std::endl;
    std::this_thread::sleep_for(hold);
    std::size_t open = 0;
    for (int fd : descriptors) {
        pollfd probe{.fd = fd, .events = POLLRDHUP, .revents = 0};
        if (::poll(&probe, 1, 0) == 0) ++open;
    }
    return {{"requested", count}, {"held", descriptors.size()}, {"open_at_end", open}};
}

}  // namespace rpcforge::bench
