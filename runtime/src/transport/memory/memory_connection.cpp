// An in-memory connection pair: each send is posted to the other end's executor.

#include <rpcforge/connection.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <mutex>

namespace rpcforge {
namespace {

namespace asio = boost::asio;

class MemoryConnection;

/// What ties the two ends together. Each end posts to the other only under the mutex, and an
/// end that finishes cuts the tie: after that nothing is posted into its executor, which may
/// then be destroyed while the other end lives on.
struct Link {
    std::mutex mutex;
    std::weak_ptr<MemoryConnection> ends[2];

    template <class Function>
    void post_to_other(const MemoryConnection* self, Function function);
    void cut() {
        std::lock_guard lock(mutex);
        ends[0].reset();
        ends[1].reset();
    }
};

std::shared_ptr<const ConnectionInfo> memory_info() {
    auto info = std::make_shared<ConnectionInfo>();
    info->transport = "memory";
    info->remote_address = "memory:";
    return info;
}

class MemoryConnection final : public Connection, public std::enable_shared_from_this<MemoryConnection> {
public:
    explicit MemoryConnection(asio::any_io_executor executor)
        : executor_(asio::make_strand(std::move(executor))),
          info_(memory_info()) {}

    void link(std::shared_ptr<Link> link) { link_ = std::move(link); }

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        asio::post(executor_, [self = shared_from_this(), handler = std::move(handler)] { self->handler_ = handler; });
    }

    void send(std::string message) override {
        link_->post_to_other(this, [message = std::move(message)](MemoryConnection& other) mutable {
            if (other.handler_ && !other.input_ended_) other.handler_->on_message(std::move(message), nullptr);
        });
    }

    void close() override {
        // Posted after every earlier send, so the other end receives them all before the end.
        link_->post_to_other(this, [](MemoryConnection& other) { other.end_input(); });
        asio::post(executor_, [self = shared_from_this()] { self->finish(); });
    }

    void abort() override { close(); }

    void stop_reading() override {
        asio::post(executor_, [self = shared_from_this()] { self->end_input(); });
    }

    // In memory both ends are this process's own code: no flow control.
    void resume_reading() override {}

    std::shared_ptr<const ConnectionInfo> info() const override { return info_; }
    asio::any_io_executor executor() const override { return executor_; }

private:
    void end_input() {
        if (input_ended_ || !handler_) return;
        input_ended_ = true;
        handler_->on_input_end();
    }

    void finish() {
        link_->cut();
        if (auto handler = std::move(handler_)) handler->on_closed({});
    }

    friend struct Link;

    asio::strand<asio::any_io_executor> executor_;
    std::shared_ptr<const ConnectionInfo> info_;
    std::shared_ptr<Link> link_;
    std::shared_ptr<ConnectionHandler> handler_;
    bool input_ended_ = false;
};

template <class Function>
void Link::post_to_other(const MemoryConnection* self, Function function) {
    std::lock_guard lock(mutex);
    auto other = (ends[0].lock().get() == self ? ends[1] : ends[0]).lock();
    if (!other) return;
    asio::post(other->executor_, [other, function = std::move(function)]() mutable { function(*other); });
}

}  // namespace

std::pair<std::shared_ptr<Connection>, std::shared_ptr<Connection>> make_memory_pair(
    asio::any_io_executor first, asio::any_io_executor second) {
    auto a = std::make_shared<MemoryConnection>(std::move(first));
    auto b = std::make_shared<MemoryConnection>(std::move(second));
    auto link = std::make_shared<Link>();
    link->ends[0] = a;
    link->ends[1] = b;
    a->link(link);
    b->link(link);
    return {a, b};
}

}  // namespace rpcforge
