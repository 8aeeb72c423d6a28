#pragma once
/// A JSON-RPC client over one connection, with its own I/O thread.

#include <rpcforge/channel.hpp>
#include <rpcforge/client_middleware.hpp>
#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/endpoint.hpp>
#include <rpcforge/http.hpp>
#include <rpcforge/peer.hpp>
#include <rpcforge/tls.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge {

class Server;

/// Who the client says it is to a server with authentication (docs/security.md). Sent as the
/// Authorization header of every HTTP request, or of the WebSocket upgrade; other transports
/// cannot carry them (the certificate of mutual TLS is in TlsClientOptions).
struct ClientCredentials {
    /// `Authorization: Bearer TOKEN`.
    std::string bearer_token{};
    /// HTTP Basic, when `user` is set.
    std::string user{};
    std::string password{};
};

/// Reconnecting after the connection is lost, over tcp://, unix://, tls://, ws:// and wss://
/// (docs/client.md#reconnecting). HTTP clients always open a new connection when they need one;
/// in-memory and child-process clients never reconnect. Off by default: a new connection has
/// none of the old one's server-side state, which the application may have to restore.
struct ReconnectOptions {
    bool enabled = false;
    /// The first attempt is made at once when the lost connection had served `max_delay` or
    /// more (a server that dropped an idle connection is still there). Otherwise, and after each
    /// failed attempt, the client waits: `initial_delay`, then each delay `multiplier` times the
    /// last, up to `max_delay`; so a server that accepts and drops at once is not hammered.
    std::chrono::milliseconds initial_delay{100};
    std::chrono::milliseconds max_delay{std::chrono::seconds(5)};
    double multiplier = 2.0;
    /// Each delay is varied at random by up to this fraction either way (0.2: 80% to 120%), so
    /// clients that lost the same server do not all come back at the same instant.
    double jitter = 0.2;
    /// Calls and notifications waiting for the connection to come back, at most; past it they
    /// fail at once with NotSentError.
    std::size_t max_waiting = 1000;
    /// Told when the connection is lost (with why) and when a new one is up (with the number of
    /// attempts it took). They run on the client's reconnecting thread: keep them short, and do
    /// not wait there for calls of this client.
    std::function<void(const std::string& reason)> on_lost{};
    std::function<void(int attempts)> on_reconnected{};
};

struct ClientOptions {
    PeerOptions peer{};
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    /// Handles the server's calls and notifications to this client (null: none accepted).
    /// Must outlive the client.
    const Dispatcher* handlers = nullptr;
    /// Used when the URI is a TLS one (tls://, https://).
    TlsClientOptions tls{};
    /// Used when the URI is an HTTP or WebSocket one (http://, https://, ws://, wss://).
    HttpClientOptions http{};
    ClientCredentials credentials{};
    /// Runs around each call and notification (not batches), the first added outermost.
    /// Empty (the default): calls go straight to the connection.
    std::vector<std::shared_ptr<ClientMiddleware>> middleware{};
    ReconnectOptions reconnect{};
};

/// A program to start as a child process and talk to over its stdin and stdout, as an editor
/// runs a language server (the child serves `stdio:`).
struct ChildCommand {
    /// The program (looked up in PATH when it has no '/') and its arguments.
    std::vector<std::string> argv;
    Framing framing = Framing::newline;
};

class Client final : public Channel {
public:
    /// Connects to `uri` (see endpoint.hpp). Throws ConnectionError when it cannot (with
    /// options.reconnect too: only a connection once made is made again),
    /// std::invalid_argument for a bad URI or one that cannot carry options.http.serialization
    /// or options.credentials.
    explicit Client(const std::string& uri, ClientOptions options = {});
    /// Connects to `server` in memory, without a socket.
    explicit Client(Server& server, ClientOptions options = {});
    /// Starts `command` and talks to it over pipes. Closing the client closes the child's
    /// stdin, gives it 2 s to exit, then sends SIGTERM (and, 2 s later, SIGKILL); it is always
    /// reaped. Throws std::system_error when the program cannot be started.
    explicit Client(const ChildCommand& command, ClientOptions options = {});
    /// Closes the connection; calls still waiting fail with ConnectionError.
    ~Client() override;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    std::future<json> call_async(const std::string& method, json params = nullptr, CallOptions options = {}) override;
    void notify(const std::string& method, json params = nullptr) override;
    std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options = {}) override;
    /// Calls and returns at once; `done` runs once, on the client's I/O thread, with the answer
    /// or the failure (Peer::call_then). Goes straight to the connection, around no middleware:
    /// for code that completes calls without holding a thread, as a balancing channel does.
    /// While reconnecting it waits as call_async does, and `done` may then run on the
    /// reconnecting thread (or the one calling close()).
    void call_then(const std::string& method, json params, Peer::Completion done, CallOptions options = {}) override;

    /// False while reconnecting.
    bool is_connected() const;
    /// The child process's id for a client made from a ChildCommand, else 0.
    int child_pid() const;
    /// Closes the connection and stops reconnecting; calls waiting fail with ConnectionError.
    void close();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace rpcforge
