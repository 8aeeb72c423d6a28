#include <rpcforge/client.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/server.hpp>

#include "client/link.hpp"
#include "client/reconnector.hpp"
#include "transport/socket/socket_transport.hpp"
#include "transport/stdio/child_process.hpp"
#include "transport/stdio/stdio_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <openssl/evp.h>

#include <mutex>
#include <stdexcept>

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

    detail::PeerSetup peer_setup() { return {options.handlers, handlers.get_executor(), options.peer}; }

    /// One connection for the client's life.
    void start(const detail::Connector& connect) {
        link = std::make_shared<detail::Link>();
        link->start(connect(link->io()), peer_setup());
    }

    /// A connection made again whenever it is lost (docs/client.md#reconnecting).
    void start_reconnecting(const std::string& uri, detail::Connector connect) {
        reconnector = std::make_unique<detail::Reconnector>(options.reconnect, uri, std::move(connect), peer_setup());
        reconnector->connect();
    }

    /// Passes `call` to the middleware at `index`, or, past the last, to the connection.
    std::future<json> send_through(std::size_t index, OutgoingCall call) {
        if (index == options.middleware.size()) {
            if (!call.is_notification) return call_async(call.method, std::move(call.params), call.options);
            notify(call.method, std::move(call.params));
            std::promise<json> sent;
            sent.set_value(nullptr);
            return sent.get_future();
        }
        ClientMiddleware::Next next = [this, index](OutgoingCall passed) {
            return send_through(index + 1, std::move(passed));
        };
        return options.middleware[index]->around(std::move(call), next);
    }

    std::future<json> call_async(const std::string& method, json params, const CallOptions& call) {
        if (!reconnector) return link->peer().call_async(method, std::move(params), call);
        auto promise = std::make_shared<std::promise<json>>();
        auto answer = promise->get_future();
        reconnector->call(method, std::move(params), call, [promise](json result, std::exception_ptr error) {
            if (error)
                promise->set_exception(std::move(error));
            else
                promise->set_value(std::move(result));
        });
        return answer;
    }

    void notify(const std::string& method, json params) {
        if (reconnector) return reconnector->notify(method, std::move(params));
        link->peer().notify(method, std::move(params));
    }

    void shut_down() {
        std::call_once(shut, [this] {
            if (reconnector)
                reconnector->close();
            else if (link)
                link->shut_down();
            handlers.join();
            if (child) child->stop();
        });
    }

    std::unique_ptr<detail::ChildProcess> child;  // reaped after the connection to it is gone
    ClientOptions options;
    std::shared_ptr<asio::ssl::context> tls;  // outlives the connections that use it
    // Runs the server's calls to this client, off the I/O thread so they may block; one for
    // every connection the client has in turn.
    asio::thread_pool handlers{1};
    std::shared_ptr<detail::Link> link;                  // either the one connection
    std::unique_ptr<detail::Reconnector> reconnector;  // or the one that comes back
    std::once_flag shut;
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
    auto connect = [endpoint, settings, timeout = state_->options.connect_timeout](asio::io_context& io) {
        return detail::connect(io, endpoint, settings, timeout);
    };
    // An HTTP client makes its connections as it needs them already.
    if (state_->options.reconnect.enabled && !endpoint.is_http())
        state_->start_reconnecting(endpoint.to_uri(), std::move(connect));
    else
        state_->start(connect);
}

Client::Client(Server& server, ClientOptions options) : state_(std::make_unique<State>(std::move(options))) {
    state_->start([&server](asio::io_context& io) { return server.connect_in_memory(io.get_executor()); });
}

Client::Client(const ChildCommand& command, ClientOptions options)
    : state_(std::make_unique<State>(std::move(options))) {
    state_->child = std::make_unique<detail::ChildProcess>(command.argv);
    Endpoint endpoint;
    endpoint.kind = Endpoint::Kind::stdio;
    endpoint.framing = command.framing;
    detail::StreamSettings settings;
    settings.limits = state_->options.peer.protocol.limits;
    state_->start([&](asio::io_context& io) { return detail::connect_child(io, *state_->child, endpoint, settings); });
}

int Client::child_pid() const { return state_->child ? state_->child->pid() : 0; }

Client::~Client() { state_->shut_down(); }

std::future<json> Client::call_async(const std::string& method, json params, CallOptions options) {
    if (state_->options.middleware.empty()) return state_->call_async(method, std::move(params), options);
    return state_->send_through(0, OutgoingCall{method, std::move(params), options, false});
}

void Client::call_then(const std::string& method, json params, Peer::Completion done, CallOptions options) {
    if (state_->reconnector) return state_->reconnector->call(method, std::move(params), options, std::move(done));
    state_->link->peer().call_then(method, std::move(params), std::move(done), options);
}

void Client::notify(const std::string& method, json params) {
    if (state_->options.middleware.empty()) return state_->notify(method, std::move(params));
    state_->send_through(0, OutgoingCall{method, std::move(params), {}, true});
}

std::vector<std::future<json>> Client::send_batch(const Batch& batch, CallOptions options) {
    if (state_->reconnector) return state_->reconnector->send_batch(batch, options);
    return state_->link->peer().send_batch(batch, options);
}

bool Client::is_connected() const {
    return state_->reconnector ? state_->reconnector->is_connected() : state_->link->peer().is_open();
}

void Client::close() { state_->shut_down(); }

}  // namespace rpcforge
