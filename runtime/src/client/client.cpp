#include <rpcforge/client.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/server.hpp>

#include "transport/socket/socket_transport.hpp"
#include "transport/stdio/child_process.hpp"
#include "transport/stdio/stdio_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <openssl/evp.h>

#include <stdexcept>
#include <thread>

namespace rpcforge {

namespace asio = boost::asio;

namespace {

std::string base64(std::string_view bytes) {
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

/// The Authorization header the credentials make, if any. Throws std::invalid_argument when
/// they are set for a transport without HTTP, or hold a line end (a header of their own).
void add_credentials(const ClientCredentials& credentials, const Endpoint& endpoint, Headers& headers) {
    if (credentials.bearer_token.empty() && credentials.user.empty()) return;
    if (!endpoint.is_http() && !endpoint.is_websocket())
        throw std::invalid_argument("credentials (a bearer token, a user and password) travel only over http://, "
                                    "https://, ws:// and wss://; " + endpoint.to_uri() + " is none of these");
    const auto& secret = credentials.user.empty() ? credentials.bearer_token : credentials.password;
    if ((secret + credentials.user).find_first_of("\r\n") != std::string::npos)
        throw std::invalid_argument("credentials must not contain line ends");
    if (credentials.user.find(':') != std::string::npos)
        throw std::invalid_argument("an HTTP Basic user name must not contain ':'");
    headers.add("Authorization", credentials.user.empty()
                                     ? "Bearer " + credentials.bearer_token
                                     : "Basic " + base64(credentials.user + ":" + credentials.password));
}

}  // namespace

struct Client::State {
    explicit State(ClientOptions options) : options(std::move(options)) {
        for (const auto& middleware : this->options.middleware)
            if (!middleware) throw std::invalid_argument("ClientOptions::middleware holds a null middleware");
    }

    void start(std::shared_ptr<Connection> connection) {
        peer = std::make_shared<Peer>(std::move(connection), options.handlers, handlers.get_executor(), options.peer);
        peer->start([this] {
            std::lock_guard lock(mutex);
            closed = true;
            changed.notify_all();
        });
        thread = std::thread([this] { io.run(); });
    }

    /// Passes `call` to the middleware at `index`, or, past the last, to the connection.
    std::future<json> send_through(std::size_t index, OutgoingCall call) {
        if (index == options.middleware.size()) {
            if (!call.is_notification) return peer->call_async(call.method, std::move(call.params), call.options);
            peer->notify(call.method, std::move(call.params));
            std::promise<json> sent;
            sent.set_value(nullptr);
            return sent.get_future();
        }
        ClientMiddleware::Next next = [this, index](OutgoingCall passed) {
            return send_through(index + 1, std::move(passed));
        };
        return options.middleware[index]->around(std::move(call), next);
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
    add_credentials(state_->options.credentials, endpoint, settings.http_client.headers);
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
    if (state_->options.middleware.empty()) return state_->peer->call_async(method, std::move(params), options);
    return state_->send_through(0, OutgoingCall{method, std::move(params), options, false});
}

void Client::call_then(const std::string& method, json params, Peer::Completion done, CallOptions options) {
    state_->peer->call_then(method, std::move(params), std::move(done), options);
}

void Client::notify(const std::string& method, json params) {
    if (state_->options.middleware.empty()) return state_->peer->notify(method, std::move(params));
    state_->send_through(0, OutgoingCall{method, std::move(params), {}, true});
}

std::vector<std::future<json>> Client::send_batch(const Batch& batch, CallOptions options) {
    return state_->peer->send_batch(batch, options);
}

bool Client::is_connected() const { return state_->peer->is_open(); }

void Client::close() { state_->shut_down(); }

}  // namespace rpcforge
