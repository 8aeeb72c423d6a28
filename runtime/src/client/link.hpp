#pragma once
// One connection of a client: the Peer over it and the io_context and I/O thread that run it.
// A client that reconnects has one after another, so each has an io_context of its own: a new
// connection can be made (detail::connect drives its io_context on the calling thread) while
// the old one's is still running, and a dead one torn down without touching the live one.

#include <rpcforge/peer.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace rpcforge::detail {

/// What every Peer of a client is made with.
struct PeerSetup {
    const Dispatcher* handlers = nullptr;
    boost::asio::any_io_executor handler_executor;
    PeerOptions options;
};

class Link {
public:
    Link() = default;
    /// Shuts down, if not done yet.
    ~Link();
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    /// Where the connection is made, before start().
    boost::asio::io_context& io() { return io_; }
    /// Starts the Peer over `connection` and the I/O thread. `on_closed` runs once, on the I/O
    /// thread, when the connection is gone, whoever closed it.
    void start(std::shared_ptr<Connection> connection, const PeerSetup& setup, std::function<void()> on_closed = {});
    Peer& peer() const { return *peer_; }
    /// Whether the peer is held only here: nothing running can touch the connection any more,
    /// so the Link may go (a server's call still running on the handler threads holds it).
    bool unused() const { return peer_.use_count() <= 1; }
    /// Closes the connection (2 s for it to finish cleanly) and joins the I/O thread. Never on
    /// the Link's own I/O thread, which it joins.
    void shut_down();

private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
    std::thread thread_;
    std::shared_ptr<Peer> peer_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool closed_ = false;
};

}  // namespace rpcforge::detail
