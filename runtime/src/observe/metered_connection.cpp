#include "observe/metered_connection.hpp"

namespace rpcforge::detail {
namespace {

/// Counts what arrives, then hands everything to the peer's own handler.
class MeteredHandler final : public ConnectionHandler {
public:
    MeteredHandler(std::shared_ptr<ConnectionHandler> inner, TransportCounters& transport)
        : inner_(std::move(inner)), transport_(transport) {}

    void on_message(std::string message, std::shared_ptr<MessageContext> context) override {
        transport_.bytes.received(message.size());
        inner_->on_message(std::move(message), std::move(context));
    }
    void on_frame_error(const Error& error, bool fatal) override { inner_->on_frame_error(error, fatal); }
    void on_lost(const std::string& message, const std::string& reason) override { inner_->on_lost(message, reason); }
    void on_input_end() override { inner_->on_input_end(); }
    void on_closed(const std::string& reason) override { inner_->on_closed(reason); }
    bool accepts_input() const override { return inner_->accepts_input(); }
    bool busy() const override { return inner_->busy(); }

private:
    std::shared_ptr<ConnectionHandler> inner_;
    TransportCounters& transport_;
};

/// Counts what is sent; everything else is the wrapped connection's.
class MeteredConnection final : public Connection {
public:
    MeteredConnection(std::shared_ptr<Connection> inner, std::shared_ptr<Metrics> owner, TransportCounters& transport)
        : inner_(std::move(inner)), owner_(std::move(owner)), transport_(transport) {}

    void start(std::shared_ptr<ConnectionHandler> handler) override {
        inner_->start(std::make_shared<MeteredHandler>(std::move(handler), transport_));
    }
    void send(std::string message) override {
        transport_.bytes.sent(message.size());
        inner_->send(std::move(message));
    }
    void close() override { inner_->close(); }
    void abort() override { inner_->abort(); }
    void stop_reading() override { inner_->stop_reading(); }
    void resume_reading() override { inner_->resume_reading(); }
    std::shared_ptr<const ConnectionInfo> info() const override { return inner_->info(); }
    bool answers_only() const override { return inner_->answers_only(); }
    void skip_answer() override { inner_->skip_answer(); }
    Serialization serialization() const override { return inner_->serialization(); }
    boost::asio::any_io_executor executor() const override { return inner_->executor(); }

private:
    std::shared_ptr<Connection> inner_;
    std::shared_ptr<Metrics> owner_;
    TransportCounters& transport_;
};

}  // namespace

std::shared_ptr<Connection> metered(std::shared_ptr<Connection> connection, std::shared_ptr<Metrics> owner,
                                    TransportCounters& transport) {
    return std::make_shared<MeteredConnection>(std::move(connection), std::move(owner), transport);
}

}  // namespace rpcforge::detail
