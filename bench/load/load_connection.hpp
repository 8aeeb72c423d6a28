#pragma once
// One connection of the load generator: keeps `depth` messages in flight, checks every answer,
// and records the latency of each right one while the measurement window is open. Streams
// (TCP, Unix), WebSocket, and HTTP/1.1 with keep-alive.

#include "workload.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::bench {

using Clock = std::chrono::steady_clock;

/// When answers count: from `start` (after the warm-up) to `end`.
struct Window {
    Clock::time_point start;
    Clock::time_point end;
};

/// What one thread's connections measured.
struct Tally {
    std::uint64_t calls = 0;   // right calls answered inside the window
    std::uint64_t answered = 0;  // right calls answered at any time, warm-up included (for CPU per call)
    std::uint64_t errors = 0;  // wrong answers, failed connections
    std::vector<std::uint32_t> latencies_us;  // per right message inside the window
};

struct Target {
    enum class Kind { tcp, unix_socket, websocket, http } kind = Kind::tcp;
    std::string host;
    std::string port;
    std::string path;  // unix socket file, or the HTTP path (WebSocket's upgrade, HTTP's POST)
};

Target parse_target(const std::string& uri);

class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
public:
    LoadConnection(boost::asio::io_context& io, const Target& target, const Workload& workload, std::size_t depth,
                   std::uint64_t first_id, Window window, Tally& tally);
    virtual ~LoadConnection() = default;
    /// Connects (blocking: done before the clock starts), then starts sending.
    void start();
    /// Pairs two connections (to two servers compared call for call): each answer on one sends
    /// the next message on the other, so both servers serve alternate calls of the same stream
    /// and whatever the machine does meanwhile falls on both alike. The first starts the stream
    /// with its `depth` messages; give the second a depth of 0.
    static void pair(LoadConnection& first, LoadConnection& second);

protected:
    virtual void connect() = 0;
    /// Sends every message in `pending_` (one write for streams, one frame each for WebSocket).
    virtual void write_pending() = 0;
    virtual void read_more() = 0;

    /// Called with each complete answer; sends the next message while the window is open.
    void on_answer(std::string_view answer);
    void on_failure(const boost::system::error_code& error);
    void queue_next();

    boost::asio::io_context& io_;
    const Target& target_;
    std::vector<std::string> pending_;  // messages waiting to be written
    bool writing_ = false;

private:
    struct InFlight {
        std::uint64_t id;
        Clock::time_point sent;
    };
    const Workload& workload_;
    std::size_t depth_;
    std::uint64_t next_id_;
    Window window_;
    Tally& tally_;
    std::vector<InFlight> in_flight_;
    LoadConnection* partner_ = nullptr;  // sends the message after each answer; both live as long as the run
};

std::shared_ptr<LoadConnection> make_connection(boost::asio::io_context& io, const Target& target,
                                                const Workload& workload, std::size_t depth, std::uint64_t first_id,
                                                Window window, Tally& tally);

}  // namespace rpcforge::bench
