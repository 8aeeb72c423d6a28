// Starting coroutine handlers (rpcforge/detail/coroutine_handler.hpp): where they run and how
// a client that leaves cancels them. In the peer layer, though the dispatcher's typed
// registration declares it: both answers are the connection's (its handler pool, its close).

#include <rpcforge/detail/coroutine_handler.hpp>
#include <rpcforge/peer.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

namespace rpcforge::detail {

namespace asio = boost::asio;

namespace {

/// Runs the coroutines of calls made without a connection (Dispatcher::handle, in process).
/// Never destroyed: a coroutine may still be waiting when the process exits.
asio::any_io_executor own_pool() {
    static auto* pool = new asio::thread_pool(1);
    return pool->get_executor();
}

}  // namespace

void spawn_handler(const CallContext& context, asio::awaitable<void> coroutine) {
    // A strand: the coroutine resumes on any of the pool's threads, one step at a time, and the
    // cancellation below is emitted in step with it (a signal is not thread-safe).
    auto strand = asio::make_strand(context.peer ? context.peer->handler_executor() : own_pool());
    auto cancel = std::make_shared<asio::cancellation_signal>();
    std::shared_ptr<void> watch;
    if (context.peer)
        watch = context.peer->when_closed([strand, weak = std::weak_ptr<asio::cancellation_signal>(cancel)] {
            asio::post(strand, [weak] {
                if (auto signal = weak.lock()) signal->emit(asio::cancellation_type::terminal);
            });
        });
    // The completion keeps the signal and the watch until the coroutine is done; answer_when_done
    // has answered by then, and throws nothing.
    asio::co_spawn(strand, std::move(coroutine),
                   asio::bind_cancellation_slot(cancel->slot(), [cancel, watch](const std::exception_ptr&) {}));
}

}  // namespace rpcforge::detail
