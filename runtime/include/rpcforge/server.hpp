#pragma once
/// A JSON-RPC server: listens on endpoints, runs handlers on a thread pool, stops gracefully.

#include <rpcforge/connection.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/http.hpp>
#include <rpcforge/peer.hpp>
#include <rpcforge/tls.hpp>

#include <chrono>
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
    PeerOptions peer;
    /// Used by every TLS endpoint (tls://, https://).
    TlsServerOptions tls;
    /// Used by every HTTP endpoint (http://, https://).
    HttpServerOptions http;
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
    std::string listen(const std::string& uri);
    /// Starts the I/O and handler threads; returns at once.
    void start();
    /// Blocks until stop() has finished.
    void wait();
    /// Stops accepting, answers every request already received, then closes the connections.
    /// Connections still busy after `deadline` are closed anyway. Safe to call more than once.
    void stop(std::chrono::milliseconds deadline = std::chrono::seconds(10));

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
