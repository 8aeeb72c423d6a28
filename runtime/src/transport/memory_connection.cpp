// An in-memory connection pair: each send is posted to the other end's executor.

#include <rpcforge/connection.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <mutex>

namespace rpcforge {
namespace {

namespace asio = boost::asio;

class MemoryConnection final : public Connection, public std::enable_shared_from_this<MemoryConnection> {
public:
    MemoryConnection(asio::any_io_executor executor, std::string name)
        : executor_(asio::make_strand(std::move(executor))), name_(std::move(name)) {}

    void pair_with(const std::shared_ptr<MemoryConnection>& other) { other_ = other; }

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        asio::post(executor_, [self = shared_from_this(), handler = std::move(handler)] { self->handler_ = handler; });
    }

    void send(std::string message) override {
        auto other = other_.lock();
        if (!other) return;
        asio::post(other->executor_, [other, message = std::move(message)]() mutable {
            if (other->handler_ && !other->input_ended_) other->handler_->on_message(std::move(message));
        });
    }

    void close() override {
        // Posted after every earlier send, so the other end receives them all before the end.
        if (auto other = other_.lock()) asio::post(other->executor_, [other] { other->end_input(); });
        asio::post(executor_, [self = shared_from_this()] { self->finish(); });
    }

    void abort() override { close(); }

    void stop_reading() override {
        asio::post(executor_, [self = shared_from_this()] { self->end_input(); });
    }

    // In memory both ends are this process's own code: no flow control.
    void resume_reading() override {}

    std::string remote_address() const override { return name_; }
    asio::any_io_executor executor() const override { return executor_; }

private:
    void end_input() {
        if (input_ended_ || !handler_) return;
        input_ended_ = true;
        handler_->on_input_end();
    }

    void finish() {
        if (auto handler = std::move(handler_)) handler->on_closed({});
    }

    asio::strand<asio::any_io_executor> executor_;
    std::string name_;
    std::weak_ptr<MemoryConnection> other_;
    std::shared_ptr<ConnectionHandler> handler_;
    bool input_ended_ = false;
};

}  // namespace

std::pair<std::shared_ptr<Connection>, std::shared_ptr<Connection>> make_memory_pair(
    asio::any_io_executor first, asio::any_io_executor second) {
    auto a = std::make_shared<MemoryConnection>(std::move(first), "memory:");
    auto b = std::make_shared<MemoryConnection>(std::move(second), "memory:");
    a->pair_with(b);
    b->pair_with(a);
    return {a, b};
}

}  // namespace rpcforge
