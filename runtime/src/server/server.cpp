#include <rpcforge/endpoint.hpp>
#include <rpcforge/server.hpp>

#include "observe/metric_counters.hpp"
#include "transport/http/http_rules.hpp"
#include "transport/http/http_site.hpp"
#include "transport/socket/bound_socket.hpp"
#include "transport/socket/socket_transport.hpp"
#include "transport/stdio/stdio_transport.hpp"
#include "transport/tls/tls.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>
#include <unordered_map>

namespace rpcforge {

namespace asio = boost::asio;

struct Server::State : std::enable_shared_from_this<State> {
    enum class Phase { created, running, draining, stopping, stopped };

    State(const Dispatcher& dispatcher, ServerOptions options)
        : dispatcher(dispatcher), options(std::move(options)), handlers(std::max<std::size_t>(1, this->options.threads)) {
        for (std::size_t i = 0; i < std::max<std::size_t>(1, this->options.io_threads); ++i) {
            ios.push_back(std::make_unique<asio::io_context>(1));
            work.push_back(asio::make_work_guard(*ios.back()));
        }
        http_site->options = this->options.http;
        if (!this->options.peer.metrics) this->options.peer.metrics = this->options.metrics;
        if (this->options.notification_threads != 0)
            notifications = std::make_unique<asio::thread_pool>(this->options.notification_threads);
        if (this->options.raise_open_file_limit) detail::raise_open_file_limit();
        if (this->options.metrics) this->options.metrics->watch(this->options.authentication);
    }

    void accept(std::shared_ptr<Connection> connection);
    /// Where the next connection runs: the I/O threads take connections in turn.
    asio::io_context& next_connection_context();
    detail::StreamSettings settings_for(const Endpoint& endpoint);
    void forget(Peer* peer);
    bool wait_for_no_peers(std::unique_lock<std::mutex>& lock, std::chrono::steady_clock::time_point deadline);

    const Dispatcher& dispatcher;
    ServerOptions options;
    // One io_context per I/O thread, each connection on one of them for its whole life: its
    // reads, parsing, writes (and methods on the I/O thread) never change threads, so a message
    // costs no wake-up of another thread and no lock of a shared reactor. A single io_context
    // run by several threads cost a third of the one-connection rate in the benchmarks (a
    // futex wake and an epoll re-arm per message). The first also runs listeners.
    std::vector<std::unique_ptr<asio::io_context>> ios;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::atomic<std::size_t> next_io{0};
    asio::thread_pool handlers;
    std::unique_ptr<asio::thread_pool> notifications;  // when notifications run apart
    std::vector<std::thread> io_threads;
    std::size_t io_threads_running = 0;  // guarded by mutex
    std::vector<std::shared_ptr<detail::Listener>> listeners;
    std::shared_ptr<boost::asio::ssl::context> tls;  // made at the first TLS listen(); guarded by mutex
    std::shared_ptr<detail::HttpSite> http_site = std::make_shared<detail::HttpSite>();
    std::function<void(const std::shared_ptr<Peer>&)> on_connect, on_disconnect;
    std::vector<std::pair<std::string, std::function<bool()>>> health_checks;

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::unordered_map<Peer*, std::shared_ptr<Peer>> peers;
    Phase phase = Phase::created;
    Peer* stdio_peer = nullptr;  // only compared, never followed
    bool stdio_done = false;
    bool stdio_listened = false;
};

void Server::State::accept(std::shared_ptr<Connection> connection) {
    auto info = connection->info();
    detail::TransportCounters* counted =
        options.metrics ? &detail::counters_of(*options.metrics).transport(info->transport) : nullptr;
    auto peer = std::make_shared<Peer>(connection, &dispatcher, handlers.get_executor(), options.peer,
                                       notifications ? notifications->get_executor() : asio::any_io_executor());
    {
        std::lock_guard lock(mutex);
        if (phase == Phase::stopping || phase == Phase::stopped) return connection->abort();
        // stdio is the one connection its process was started for: never turned away.
        bool is_stdio = info->transport == "stdio";
        if (!is_stdio && options.max_connections > 0 && peers.size() >= options.max_connections) {
            if (counted) counted->refused_over_limit.fetch_add(1, std::memory_order_relaxed);
            return connection->abort();
        }
        peers.emplace(peer.get(), peer);
        if (is_stdio) stdio_peer = peer.get();
    }
    if (counted) {
        counted->connections.fetch_add(1, std::memory_order_relaxed);
        counted->open.fetch_add(1, std::memory_order_relaxed);
        if (!info->authentication_refused.empty()) counted->refused_unauthenticated.fetch_add(1, std::memory_order_relaxed);
    }
    if (on_connect) on_connect(peer);
    peer->start([weak = weak_from_this(), raw = peer.get()] {
        if (auto self = weak.lock()) self->forget(raw);
    });
}

void Server::State::forget(Peer* raw) {
    std::shared_ptr<Peer> peer;
    {
        std::lock_guard lock(mutex);
        auto it = peers.find(raw);
        if (it == peers.end()) return;
        peer = std::move(it->second);
        peers.erase(it);
        if (raw == stdio_peer) stdio_done = true;
    }
    changed.notify_all();
    if (options.metrics)
        detail::counters_of(*options.metrics).transport(peer->info().transport).open.fetch_sub(1, std::memory_order_relaxed);
    if (on_disconnect) on_disconnect(peer);
}

bool Server::State::wait_for_no_peers(std::unique_lock<std::mutex>& lock, std::chrono::steady_clock::time_point deadline) {
    return changed.wait_until(lock, deadline, [&] { return peers.empty(); });
}

asio::io_context& Server::State::next_connection_context() {
    return *ios[next_io.fetch_add(1, std::memory_order_relaxed) % ios.size()];
}

detail::StreamSettings Server::State::settings_for(const Endpoint& endpoint) {
    detail::StreamSettings settings;
    settings.connection_context = [weak = weak_from_this()]() -> asio::io_context* {
        auto self = weak.lock();
        return self ? &self->next_connection_context() : nullptr;
    };
    settings.limits = options.peer.protocol.limits;
    settings.handshake_timeout = options.tls.handshake_timeout;
    settings.http_site = http_site;
    settings.timeouts = {options.idle_timeout, options.read_timeout};
    settings.authentication = options.authentication;
    if (!endpoint.is_tls()) return settings;
    std::lock_guard lock(mutex);
    if (!tls) tls = detail::make_server_tls(options.tls);
    settings.tls = tls;
    return settings;
}

namespace {

/// Options a server must refuse to start with, refused before anything listens.
ServerOptions checked(ServerOptions options) {
    detail::check_cors_options(options.http.cors);
    return options;
}

}  // namespace

Server::Server(const Dispatcher& dispatcher, ServerOptions options)
    : state_(std::make_shared<State>(dispatcher, checked(std::move(options)))) {}

Server::~Server() { stop(); }

std::string Server::listen(const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    auto accept = [weak = std::weak_ptr<State>(state_)](std::shared_ptr<Connection> connection) {
        if (auto state = weak.lock()) state->accept(std::move(connection));
    };
    auto settings = state_->settings_for(endpoint);
    if (endpoint.kind == Endpoint::Kind::stdio) {
        std::lock_guard lock(state_->mutex);
        if (std::exchange(state_->stdio_listened, true)) throw std::invalid_argument("stdio: is served once at most");
    }
    auto listener = endpoint.kind == Endpoint::Kind::stdio ? detail::listen_stdio(*state_->ios.front(), endpoint, settings, accept)
                                                            : detail::listen(*state_->ios.front(), endpoint, settings, accept);
    std::lock_guard lock(state_->mutex);
    state_->listeners.push_back(listener);
    return listener->uri();
}

std::string Server::listen(const BoundSocket& socket) {
    auto endpoint = Endpoint::parse(socket.uri);
    auto accept = [weak = std::weak_ptr<State>(state_)](std::shared_ptr<Connection> connection) {
        if (auto state = weak.lock()) state->accept(std::move(connection));
    };
    auto listener = detail::adopt(*state_->ios.front(), endpoint, detail::duplicate_socket(socket.fd), state_->settings_for(endpoint),
                                  std::move(accept));
    std::lock_guard lock(state_->mutex);
    state_->listeners.push_back(listener);
    return listener->uri();
}

void Server::start() {
    std::lock_guard lock(state_->mutex);
    if (state_->phase != State::Phase::created) return;
    state_->phase = State::Phase::running;
    for (auto& io : state_->ios)
        state_->io_threads.emplace_back([state = state_, io = io.get()] {
            io->run();
            std::lock_guard lock(state->mutex);
            --state->io_threads_running;
            state->changed.notify_all();
        });
    state_->io_threads_running = state_->io_threads.size();
}

void Server::wait() {
    std::unique_lock lock(state_->mutex);
    state_->changed.wait(lock, [&] { return state_->phase == State::Phase::stopped; });
}

void Server::stop(std::chrono::milliseconds deadline) {
    std::unique_lock lock(state_->mutex);
    if (state_->phase == State::Phase::draining || state_->phase == State::Phase::stopping) {
        state_->changed.wait(lock, [&] { return state_->phase == State::Phase::stopped; });
        return;
    }
    if (state_->phase == State::Phase::stopped) return;
    bool was_running = state_->phase == State::Phase::running;
    if (was_running && state_->options.drain_time.count() > 0) {
        // Serving on, saying "draining", while balancers take the server out of rotation.
        state_->phase = State::Phase::draining;
        state_->changed.wait_for(lock, state_->options.drain_time, [] { return false; });
    }
    state_->phase = State::Phase::stopping;
    for (auto& listener : state_->listeners) listener->close();
    for (auto& [raw, peer] : state_->peers) peer->close();  // answers what was received, then closes

    if (was_running && !state_->wait_for_no_peers(lock, std::chrono::steady_clock::now() + deadline)) {
        for (auto& [raw, peer] : state_->peers) peer->abort();
        state_->wait_for_no_peers(lock, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    }
    lock.unlock();

    // With everything closed the I/O threads run out of work and return by themselves, after
    // finishing what was under way (such as a connection accepted just before the close).
    // Whatever still runs after a grace period is cut off.
    for (auto& guard : state_->work) guard.reset();
    lock.lock();
    if (!state_->changed.wait_for(lock, std::chrono::seconds(1), [&] { return state_->io_threads_running == 0; }))
        for (auto& io : state_->ios) io->stop();
    lock.unlock();
    for (auto& thread : state_->io_threads) thread.join();
    state_->handlers.join();
    if (state_->notifications) state_->notifications->join();

    lock.lock();
    state_->listeners.clear();
    state_->peers.clear();
    state_->phase = State::Phase::stopped;
    state_->changed.notify_all();
}

void Server::add_health_check(std::string name, std::function<bool()> check) {
    std::lock_guard lock(state_->mutex);
    state_->health_checks.emplace_back(std::move(name), std::move(check));
}

HealthStatus Server::health() const {
    HealthStatus health;
    decltype(state_->health_checks) checks;
    {
        std::lock_guard lock(state_->mutex);
        using Phase = State::Phase;
        switch (state_->phase) {
            case Phase::created: health.status = "starting"; break;
            case Phase::running: health.status = "serving"; break;
            case Phase::draining: health.status = "draining"; break;
            case Phase::stopping:
            case Phase::stopped: health.status = "stopped"; break;
        }
        checks = state_->health_checks;
    }
    // The checks run unlocked: they are the user's code and may be slow.
    bool all_ok = true;
    for (const auto& [name, check] : checks) {
        bool ok = false;
        try {
            ok = check();
        } catch (...) {
        }
        all_ok = all_ok && ok;
        health.checks.emplace_back(name, ok ? "ok" : "failing");
    }
    if (!all_ok && health.status == "serving") health.status = "failing";
    return health;
}

bool Server::stdio_closed() const {
    std::lock_guard lock(state_->mutex);
    return state_->stdio_done;
}

void Server::add_http_service(const std::string& path, const Dispatcher& dispatcher) {
    state_->http_site->services[path] = &dispatcher;
}

void Server::add_http_route(const std::string& path, HttpHandler handler) {
    state_->http_site->routes.emplace_back(path, std::move(handler));
}

void Server::on_connect(std::function<void(const std::shared_ptr<Peer>&)> callback) {
    state_->on_connect = std::move(callback);
}

void Server::on_disconnect(std::function<void(const std::shared_ptr<Peer>&)> callback) {
    state_->on_disconnect = std::move(callback);
}

std::vector<std::shared_ptr<Peer>> Server::peers() const {
    std::lock_guard lock(state_->mutex);
    std::vector<std::shared_ptr<Peer>> open;
    for (const auto& [raw, peer] : state_->peers)
        if (peer->can_call()) open.push_back(peer);
    return open;
}

std::shared_ptr<Connection> Server::connect_in_memory(asio::any_io_executor client_executor) {
    auto [server_end, client_end] = make_memory_pair(state_->next_connection_context().get_executor(), std::move(client_executor));
    state_->accept(std::move(server_end));
    return client_end;
}

}  // namespace rpcforge
