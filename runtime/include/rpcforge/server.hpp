#pragma once
/// A JSON-RPC server: listens on endpoints, runs handlers on a thread pool, stops gracefully.

#include <rpcforge/auth.hpp>
#include <rpcforge/bound_socket.hpp>
#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/health.hpp>
#include <rpcforge/http.hpp>
#include <rpcforge/metrics.hpp>
#include <rpcforge/peer.hpp>
#include <rpcforge/tls.hpp>

#include <chrono>
#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace rpcforge {

struct ServerOptions {
    /// Threads that run handlers. Requests from one connection start in arrival order (see
    /// PeerOptions::concurrent_requests); different connections run in parallel.
    std::size_t threads = std::max(2u, std::thread::hardware_concurrency());
    /// Threads that run notifications, apart from the calls, so that a flood of them never
    /// holds up an answer. 0 (the default): notifications run with the calls, in order.
    std::size_t notification_threads = 0;
    /// Threads that do socket I/O, framing and parsing (and run methods whose policy is
    /// MethodPolicy::on_io_thread()).
    std::size_t io_threads = 1;
    PeerOptions peer{};
    /// Used by every TLS endpoint (tls://, https://).
    TlsServerOptions tls{};
    /// Used by every HTTP endpoint (http://, https://).
    HttpServerOptions http{};
    /// Who may connect (docs/security.md): checked per HTTP request (401 before the body is
    /// run), at the WebSocket upgrade (401), and when a tcp, unix or tls connection is accepted
    /// (its calls then answer -32001). Null: everyone, without an identity. Not for stdio:.
    std::shared_ptr<const Authentication> authentication{};
    /// Counts connections (opened, open, refused) and message bytes per transport, and the
    /// outcomes of `authentication`. Per-method figures come from the same Metrics used as
    /// the dispatcher's middleware (metrics.hpp). Null: nothing is counted, at no cost.
    std::shared_ptr<Metrics> metrics{};

    /// Most connections open at once (every transport together). Past it a new connection is
    /// accepted and closed at once, without a word; one that closes frees its place. Zero: no limit.
    std::size_t max_connections = 10000;
    /// Raises the process's soft limit on open files (RLIMIT_NOFILE) to its hard limit when the
    /// server is made, so that max_connections can be reached rather than accept() failing.
    bool raise_open_file_limit = false;
    /// Every connection but stdio's (tcp, unix, tls, http, https, ws, wss): one that sends nothing
    /// for this long, while no request of its own waits for an answer, is closed. Zero: never.
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
    /// Every connection but stdio's: once the first byte of a message (an HTTP request: its
    /// headers and body) has arrived, the whole of it must arrive within this long or the
    /// connection is closed (slow senders). Zero: never.
    std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};
    /// A graceful stop first drains for this long: the server goes on accepting and serving
    /// while its health says "draining", so that balancers that check it (health.hpp) stop
    /// sending work before it closes. Zero: stop() closes at once.
    std::chrono::milliseconds drain_time{0};
};

class Server {
public:
    /// `dispatcher` must outlive the server; register its methods before start().
    explicit Server(const Dispatcher& dispatcher, ServerOptions options = {});
    /// Stops (gracefully, see stop()) if still running.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Listens on `uri` and returns the URI actually bound (port 0 becomes the chosen port).
    /// Throws std::invalid_argument for a bad URI, std::system_error when it cannot bind.
    /// `stdio:` serves exactly one connection over the process's stdin and stdout (see
    /// stdio_closed()); fd 1 then goes to stderr for everyone else.
    std::string listen(const std::string& uri);
    /// Serves `socket`, bound by this process or inherited from the one that bound it; this
    /// server closes its own descriptor for it when it stops.
    std::string listen(const BoundSocket& socket);
    /// True once the stdio: connection has ended: the other side closed its output and every
    /// answer was written (or the connection failed). A server serving only stdio is then done.
    bool stdio_closed() const;
    /// Starts the I/O and handler threads; returns at once.
    void start();
    /// Blocks until stop() has finished.
    void wait();
    /// Drains for ServerOptions::drain_time (serving, health "draining"), then stops
    /// accepting, answers every request already received and closes the connections.
    /// Connections still busy `deadline` after the drain are closed anyway. Safe to call more
    /// than once, from any thread.
    void stop(std::chrono::milliseconds deadline = std::chrono::seconds(10));

    /// Adds a check that health() runs each time it is asked: false (or an exception) makes
    /// the server "failing". Keep it quick: a balancer may ask every second. Call before start().
    void add_health_check(std::string name, std::function<bool()> check);
    /// Whether the server wants work: its phase and its checks (see health.hpp).
    HealthStatus health() const;

    /// HTTP endpoints serve the server's dispatcher at the path of their URI, and also
    /// `dispatcher` (which must outlive the server) at `path`. Call before start().
    void add_http_service(const std::string& path, const Dispatcher& dispatcher);
    /// HTTP endpoints answer requests for `path` (or, when it ends in '/', for any path under
    /// it) with `handler`; the longest matching route wins. Call before start().
    void add_http_route(const std::string& path, HttpHandler handler);

    /// Called for every new connection (before its first message) and when it closes; use the
    /// peer to call or notify that client. Set before start().
    void on_connect(std::function<void(const std::shared_ptr<Peer>&)> callback);
    void on_disconnect(std::function<void(const std::shared_ptr<Peer>&)> callback);
    /// The open connections whose clients can be called or notified.
    std::vector<std::shared_ptr<Peer>> peers() const;

    /// Makes a connection to this server without a socket; the returned end delivers on
    /// `client_executor`. Client has a constructor that uses it.
    std::shared_ptr<Connection> connect_in_memory(boost::asio::any_io_executor client_executor);

private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace rpcforge
