#include "client/link.hpp"

namespace rpcforge::detail {

Link::~Link() { shut_down(); }

void Link::start(std::shared_ptr<Connection> connection, const PeerSetup& setup, std::function<void()> on_closed) {
    peer_ = std::make_shared<Peer>(std::move(connection), setup.handlers, setup.handler_executor, setup.options);
    peer_->start([this, on_closed = std::move(on_closed)] {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            changed_.notify_all();
        }
        if (on_closed) on_closed();
    });
    thread_ = std::thread([this] { io_.run(); });
}

void Link::shut_down() {
    if (!thread_.joinable()) return;
    peer_->close();
    {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::seconds(2), [&] { return closed_; });
    }
    work_.reset();
    io_.stop();
    thread_.join();
}

}  // namespace rpcforge::detail
