#include <rpcforge/client.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/server.hpp>

#include "transport/child_process.hpp"
#include "transport/stream_transport.hpp"
#include "transport/tls.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <stdexcept>
#include <thread>

namespace rpcforge {

namespace asio = boost::asio;

struct Client::State {
    explicit State(ClientOptions options) : options(std::move(options)) {}

    void start(std::shared_ptr<Connection> connection) {
        peer = std::make_shared<Peer>(std::move(connection), options.handlers, handlers.get_executor(), options.peer);
        peer->start([this] {
            std::lock_guard lock(mutex);
            closed = true;
            changed.notify_all();
        });
        thread = std::thread([this] { io.run(); });
    }

    void shut_down() {
        if (!thread.joinable()) return;
        peer->close();
        {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, std::chrono::seconds(2), [&] { return closed; });
        }
        work.reset();
        io.stop();
        thread.join();
        handlers.join();
        if (child) child->stop();
    }

    std::unique_ptr<detail::ChildProcess> child;  // reaped after the connection to it is gone
    ClientOptions options;
    std::shared_ptr<asio::ssl::context> tls;  // outlives the connection that uses it
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    // Runs the server's calls to this client, off the I/O thread so they may block.
    asio::thread_pool handlers{1};
    std::thread thread;
    std::shared_ptr<Peer> peer;

    std::mutex mutex;
    std::condition_variable changed;
    bool closed = false;
};

Client::Client(const std::string& uri, ClientOptions options) : state_(std::make_unique<State>(std::move(options))) {
    auto endpoint = Endpoint::parse(uri);
    // Stream framings are made for text (a newline may be any byte of CBOR).
    bool carries_binary = endpoint.is_http() || endpoint.is_websocket();
    if (state_->options.http.serialization != Serialization::json && !carries_binary)
        throw std::invalid_argument("'" + uri + "' carries JSON only; CBOR and MessagePack need http://, https://, "
                                    "ws:// or wss://");
    detail::StreamSettings settings;
    settings.limits = state_->options.peer.protocol.limits;
    settings.http_client = state_->options.http;
    if (endpoint.is_tls()) settings.tls = state_->tls = detail::make_client_tls(state_->options.tls);
    state_->start(detail::connect(state_->io, endpoint, settings, state_->options.connect_timeout));
}

Client::Client(Server& server, ClientOptions options) : state_(std::make_unique<State>(std::move(options))) {
    state_->start(server.connect_in_memory(state_->io.get_executor()));
}

Client::Client(const ChildCommand& command, ClientOptions options)
    : state_(std::make_unique<State>(std::move(options))) {
    state_->child = std::make_unique<detail::ChildProcess>(command.argv);
    Endpoint endpoint;
    endpoint.kind = Endpoint::Kind::stdio;
    endpoint.framing = command.framing;
    detail::StreamSettings settings;
    settings.limits = state_->options.peer.protocol.limits;
    state_->start(detail::connect_child(state_->io, *state_->child, endpoint, settings));
}

int Client::child_pid() const { return state_->child ? state_->child->pid() : 0; }

Client::~Client() { state_->shut_down(); }

std::future<json> Client::call_async(const std::string& method, json params, CallOptions options) {
    return state_->peer->call_async(method, std::move(params), options);
}

void Client::notify(const std::string& method, json params) { state_->peer->notify(method, std::move(params)); }

std::vector<std::future<json>> Client::send_batch(const Batch& batch, CallOptions options) {
    return state_->peer->send_batch(batch, options);
}

bool Client::is_connected() const { return state_->peer->is_open(); }

void Client::close() { state_->shut_down(); }

}  // namespace rpcforge
