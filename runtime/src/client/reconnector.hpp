#pragma once
// A client's connection that comes back (docs/client.md#reconnecting). It holds the live Link;
// when that one's connection is lost it makes new ones in the background, with backoff and
// jitter, until one is up, and meanwhile keeps the calls and notifications made (up to their
// deadline), then sends them on the new connection in the order they were made.
//
// Threads: calls come from any thread; answers complete on the live Link's I/O thread. The
// reconnecting thread (made at the first loss) runs the retry timer, the waiting calls'
// deadlines and the user's callbacks, and never blocks: each attempt runs on a thread of its
// own (the dialler), which first shuts down the links that died, off their own I/O threads.

#include <rpcforge/client.hpp>

#include <rpcforge/detail/backoff.hpp>
#include "client/link.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rpcforge::detail {

/// Makes a connection on `io`, driving it on the calling thread; throws ConnectionError.
using Connector = std::function<std::shared_ptr<Connection>(boost::asio::io_context& io)>;

class Reconnector {
public:
    Reconnector(ReconnectOptions options, std::string uri, Connector connect, PeerSetup setup);
    ~Reconnector();
    Reconnector(const Reconnector&) = delete;
    Reconnector& operator=(const Reconnector&) = delete;

    /// Makes the first connection; throws ConnectionError when it cannot (no retry: a client
    /// whose server was never there is a mistake to report, not an outage to ride out).
    void connect();

    void call(const std::string& method, json params, CallOptions options, Peer::Completion done);
    /// Throws NotSentError when closed, or when too many are waiting already.
    void notify(const std::string& method, json params);
    /// Batches do not wait: while reconnecting their futures fail with NotSentError (an
    /// all-notification batch throws it). A batch in flight when the connection is lost fails.
    std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options);
    bool is_connected() const;
    /// Stops reconnecting, fails the waiting calls, closes the connection. Idempotent.
    void close();

private:
    using Clock = std::chrono::steady_clock;
    /// A call or notification on its way, while it may have to wait or go out again.
    struct Call {
        std::string method;
        json params;
        CallOptions options;
        std::chrono::milliseconds timeout;  // the whole of it, for the messages
        Clock::time_point deadline;
        Peer::Completion done;     // empty for a notification
        bool keep_params = false;  // it may be sent again: send a copy of the params
    };
    struct Waiting {
        std::shared_ptr<Call> call;
        std::unique_ptr<boost::asio::steady_timer> deadline;
    };

    // sending (reconnector_calls.cpp)
    std::exception_ptr dispatch(const std::shared_ptr<Call>& call);
    void send(const std::shared_ptr<Call>& call);
    void send_on(const std::shared_ptr<Link>& link, const std::shared_ptr<Call>& call);
    void finished(const Link* link, const std::shared_ptr<Call>& call, json result, std::exception_ptr error);
    std::exception_ptr wait(const std::shared_ptr<Call>& call);
    void expire(std::uint64_t id);
    void flush(const std::shared_ptr<Link>& link);
    std::string not_sent(const std::string& why) const;

    // reconnecting (reconnector.cpp)
    std::shared_ptr<Link> make_link();
    void lost(const Link* link, const std::string& reason);
    void attempt();
    void retry_later(const std::string& error);
    void up(std::shared_ptr<Link> link);
    void bury(std::vector<std::shared_ptr<Link>> dead);
    void stop_reconnecting();

    const ReconnectOptions options_;
    const std::string uri_;
    const Connector connect_;
    const PeerSetup setup_;

    boost::asio::io_context control_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
        boost::asio::make_work_guard(control_);
    std::thread control_thread_;
    boost::asio::steady_timer retry_{control_};  // on the control thread only
    std::thread dialler_;                        // on the control thread only
    Backoff backoff_;                            // on the control thread only
    int attempts_ = 0;                           // of this outage; on the control thread only

    mutable std::mutex mutex_;
    bool closing_ = false;
    bool ready_ = false;            // link_ takes calls (false while it is being flushed into)
    std::shared_ptr<Link> link_;    // the live one, or the one being flushed into; null between
    Clock::time_point up_since_{};  // when link_ came up
    std::vector<std::shared_ptr<Link>> dead_;       // lost, not shut down yet
    std::vector<std::shared_ptr<Link>> graveyard_;  // shut down, their Peer still held elsewhere
    std::map<std::uint64_t, Waiting> waiting_;      // in the order they were made
    std::uint64_t next_waiting_ = 0;
};

}  // namespace rpcforge::detail
