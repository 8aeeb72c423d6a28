#include <rpcforge/process_pool.hpp>

#include "process/socket_link.hpp"
#include "process/zygote.hpp"

#include <rpcforge/error.hpp>
#include <rpcforge/peer.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <mutex>
#include <thread>

namespace rpcforge::detail {

namespace asio = boost::asio;

struct PoolWorker {
    pid_t pid;
    std::shared_ptr<Peer> peer;
    std::atomic<std::size_t> in_flight{0};
};

/// Everything the pool's handlers need, shared with them: a handler still running when the
/// pool is destroyed finds it stopped instead of gone.
struct PoolState : std::enable_shared_from_this<PoolState> {
    explicit PoolState(ProcessPoolOptions pool_options) : options(std::move(pool_options)) {}

    ProcessPoolOptions options;
    std::unique_ptr<Zygote> zygote;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    std::thread io_thread;

    mutable std::mutex mutex;
    std::vector<std::shared_ptr<PoolWorker>> workers;  // live ones
    std::size_t next = 0;                               // where the search for the least busy starts
    bool stopping = false;
    std::shared_ptr<asio::steady_timer> retry;          // a replacement waiting to be tried again; I/O thread only

    /// The least busy live worker, its count of calls raised; null when there is none.
    std::shared_ptr<PoolWorker> pick();
    /// Forks a worker through the helper and connects to it. Throws when it cannot.
    void add_worker();
    /// Runs on the I/O thread when a worker's connection has closed: a new worker replaces it.
    void on_worker_closed(const std::shared_ptr<PoolWorker>& worker);
    /// Tries add_worker() until it works or the pool stops.
    void replace_worker();
    /// Kills a worker, unless the pool has stopped (and its helper is gone).
    void kill_worker(pid_t pid);
    void stop();
};

std::shared_ptr<PoolWorker> PoolState::pick() {
    std::lock_guard lock(mutex);
    std::shared_ptr<PoolWorker> best;
    for (std::size_t i = 0; i < workers.size(); ++i) {
        const auto& worker = workers[(next + i) % workers.size()];
        if (!worker->peer->is_open()) continue;
        if (!best || worker->in_flight < best->in_flight) best = worker;
    }
    if (!best) return nullptr;
    ++next;
    ++best->in_flight;
    return best;
}

void PoolState::add_worker() {
    SpawnedWorker spawned = zygote->spawn();
    auto worker = std::make_shared<PoolWorker>();
    worker->pid = spawned.pid;
    PeerOptions peer_options;
    peer_options.protocol.limits = options.limits;
    peer_options.call_timeout = options.call_timeout;
    // The worker sends answers only: no dispatcher here, so any call it made would get -32601.
    worker->peer = std::make_shared<Peer>(
        connection_over_socket(io, spawned.socket, options.limits, "unix:worker/" + std::to_string(spawned.pid)),
        nullptr, io.get_executor(), std::move(peer_options));
    {
        std::lock_guard lock(mutex);
        if (stopping) return worker->peer->abort();
        workers.push_back(worker);
    }
    worker->peer->start([weak = weak_from_this(), raw = worker.get()] {
        if (auto self = weak.lock()) {
            std::unique_lock lock(self->mutex);
            for (const auto& known : self->workers)
                if (known.get() == raw) {
                    auto worker = known;
                    lock.unlock();
                    return self->on_worker_closed(worker);
                }
        }
    });
}

void PoolState::on_worker_closed(const std::shared_ptr<PoolWorker>& worker) {
    {
        std::lock_guard lock(mutex);
        std::erase(workers, worker);
        if (stopping) return;
    }
    // It may still run (it closed its end, or a call timed out): make sure it is gone.
    kill_worker(worker->pid);
    replace_worker();
}

void PoolState::kill_worker(pid_t pid) {
    // Under the lock: stop() marks the pool stopped under it before the helper goes.
    std::lock_guard lock(mutex);
    if (!stopping) zygote->kill(pid);
}

void PoolState::replace_worker() {
    try {
        add_worker();
    } catch (const std::exception&) {
        // The helper could not fork (out of processes, say): try again in a while, so that
        // the pool recovers when it can; calls meanwhile go to the workers left.
        retry = std::make_shared<asio::steady_timer>(io, std::chrono::seconds(1));
        retry->async_wait([weak = weak_from_this(), timer = retry](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            if (std::lock_guard lock(self->mutex); self->stopping) return;
            self->replace_worker();
        });
    }
}

void PoolState::stop() {
    std::vector<std::shared_ptr<PoolWorker>> closing;
    {
        std::lock_guard lock(mutex);
        if (stopping) return;
        stopping = true;
        closing.swap(workers);
    }
    // Closing our ends is what tells each worker to end.
    for (const auto& worker : closing) worker->peer->abort();
    asio::post(io, [this] {
        if (retry) retry->cancel();
    });
    work.reset();
    // (Made to fail in the constructor, the pool has no I/O thread yet: the closing runs here.)
    if (io_thread.joinable())
        io_thread.join();
    else
        io.run();
    // Waits for the workers to end, then for the helper; every process is reaped.
    zygote.reset();
}

}  // namespace rpcforge::detail

namespace rpcforge {

namespace {

Error internal(const std::string& why) { return Error(error_code::internal_error, "Internal error: " + why); }

/// What the caller hears of a forwarded call that failed.
std::exception_ptr answer_for(std::exception_ptr error, detail::PoolState& state, const detail::PoolWorker& worker) {
    try {
        std::rethrow_exception(error);
    } catch (const Error&) {
        return error;  // the worker's own answer, as it was
    } catch (const TimeoutError&) {
        // Stuck, perhaps for good: its connection closes with it, and a new one replaces it.
        state.kill_worker(worker.pid);
        return std::make_exception_ptr(internal("the worker process did not answer in time"));
    } catch (...) {
        return std::make_exception_ptr(internal("the worker process ended during the call"));
    }
}

/// Sends the call to a worker and answers when the worker does, holding no thread meanwhile.
void forward(const std::shared_ptr<detail::PoolState>& state, const std::string& method, const json& params,
             Reply<json> reply) {
    auto worker = state->pick();
    if (!worker) return reply.fail(internal("no worker process is available"));
    auto done = [state, worker, reply](json result, std::exception_ptr error) {
        --worker->in_flight;
        if (error)
            reply.fail(answer_for(std::move(error), *state, *worker));
        else
            reply(result);
    };
    try {
        worker->peer->call_then(method, params, done);
    } catch (...) {
        done(nullptr, std::current_exception());
    }
}

}  // namespace

ProcessPool::ProcessPool(const Dispatcher& worker_dispatcher, ProcessPoolOptions options)
    : state_(std::make_shared<detail::PoolState>(std::move(options))) {
    if (state_->options.workers == 0) throw std::invalid_argument("a process pool needs at least one worker");
    Limits limits = state_->options.limits;
    // The helper is forked here, while this process has one thread; every worker is forked by it.
    state_->zygote = std::make_unique<detail::Zygote>(
        [&worker_dispatcher, limits](int socket) { detail::serve_over_socket(worker_dispatcher, socket, limits); },
        state_->options.stop_timeout);
    try {
        for (std::size_t i = 0; i < state_->options.workers; ++i) state_->add_worker();
    } catch (...) {
        state_->stop();
        throw;
    }
    state_->io_thread = std::thread([state = state_.get()] { state->io.run(); });
}

ProcessPool::~ProcessPool() { stop(); }

void ProcessPool::stop() { state_->stop(); }

void ProcessPool::route(Dispatcher& dispatcher, const std::vector<std::string>& methods) {
    for (const auto& method : methods)
        dispatcher.add_async(method, [state = state_, method](const json& params, CallContext&, Reply<json> reply) {
            forward(state, method, params, std::move(reply));
        });
}

std::vector<WorkerStatus> ProcessPool::workers() const {
    std::lock_guard lock(state_->mutex);
    std::vector<WorkerStatus> out;
    for (const auto& worker : state_->workers)
        if (worker->peer->is_open()) out.push_back({worker->pid, worker->in_flight.load()});
    return out;
}

}  // namespace rpcforge
