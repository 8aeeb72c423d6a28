// The calling side of a Reconnector: calls go to the live connection, or wait for the next one
// up to their deadline; a call the connection lost goes out again when it is safe to.

#include "client/reconnector.hpp"

#include <rpcforge/error.hpp>

namespace rpcforge::detail {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

milliseconds left_until(std::chrono::steady_clock::time_point deadline) {
    return std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now());
}

std::exception_ptr timed_out(milliseconds timeout, const std::string& why = "") {
    return std::make_exception_ptr(TimeoutError("no answer within " + std::to_string(timeout.count()) + " ms" + why));
}

}  // namespace

void Reconnector::call(const std::string& method, json params, CallOptions options, Peer::Completion done) {
    auto timeout = options.time_left(setup_.options.call_timeout);
    send(std::make_shared<Call>(
        Call{method, std::move(params), options, timeout, Clock::now() + timeout, std::move(done), options.idempotent}));
}

void Reconnector::notify(const std::string& method, json params) {
    // A notification has no timeout of its own; it waits as long as a call would.
    auto timeout = setup_.options.call_timeout;
    auto call = std::make_shared<Call>(Call{method, std::move(params), {}, timeout, Clock::now() + timeout, {}, false});
    if (auto error = dispatch(call)) std::rethrow_exception(error);
}

std::vector<std::future<json>> Reconnector::send_batch(const Batch& batch, CallOptions options) {
    std::shared_ptr<Link> link;
    bool closing = false;
    {
        std::lock_guard lock(mutex_);
        closing = closing_;
        if (ready_) link = link_;
    }
    if (link && !link->peer().is_open()) {
        lost(link.get(), "the connection closed");
        link = nullptr;
    }
    if (link) return link->peer().send_batch(batch, options);
    // A batch cannot wait: its futures come from the Peer that sends it, not yet there.
    NotSentError error(not_sent(closing ? "the client is closed"
                                        : "not connected (reconnecting), and a batch does not wait for the connection"));
    std::vector<std::future<json>> answers;
    for (const auto& entry : batch.entries()) {
        if (entry.is_notification) continue;
        std::promise<json> failed;
        failed.set_exception(std::make_exception_ptr(error));
        answers.push_back(failed.get_future());
    }
    if (answers.empty() && !batch.entries().empty()) throw error;
    return answers;
}

bool Reconnector::is_connected() const {
    std::shared_ptr<Link> link;
    {
        std::lock_guard lock(mutex_);
        if (!ready_) return false;
        link = link_;
    }
    return link->peer().is_open();
}

/// Sends `call` now, or has it wait for the next connection; or gives why neither.
std::exception_ptr Reconnector::dispatch(const std::shared_ptr<Call>& call) {
    std::shared_ptr<Link> link;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return std::make_exception_ptr(NotSentError(not_sent("the client is closed")));
        if (!ready_) return wait(call);
        link = link_;
    }
    send_on(link, call);
    return nullptr;
}

void Reconnector::send(const std::shared_ptr<Call>& call) {
    auto error = dispatch(call);
    if (error && call->done) call->done(nullptr, std::move(error));
}

void Reconnector::send_on(const std::shared_ptr<Link>& link, const std::shared_ptr<Call>& call) {
    Peer& peer = link->peer();
    // The connection may be seen closing here before its Peer has told: wait for the next one.
    if (!peer.is_open()) {
        lost(link.get(), "the connection closed");
        return send(call);
    }
    json params;
    if (call->keep_params)
        params = call->params;
    else
        params = std::move(call->params);
    if (!call->done) {
        try {
            peer.notify(call->method, std::move(params));
        } catch (const NotSentError&) {  // closed since the test above
            lost(link.get(), "the connection closed");
            if (call->keep_params) send(call);
        }
        return;
    }
    auto left = left_until(call->deadline);
    if (left <= milliseconds(0)) return call->done(nullptr, timed_out(call->timeout));
    CallOptions options = call->options;
    options.timeout = left;  // a call sent again keeps its first deadline
    peer.call_then(
        call->method, std::move(params),
        [this, link = link.get(), call](json result, std::exception_ptr error) {
            finished(link, call, std::move(result), std::move(error));
        },
        options);
}

void Reconnector::finished(const Link* link, const std::shared_ptr<Call>& call, json result, std::exception_ptr error) {
    if (!error) return call->done(std::move(result), nullptr);
    bool again = false;
    try {
        std::rethrow_exception(error);
    } catch (const NotSentError& e) {
        lost(link, e.what());
        again = call->keep_params;  // no server saw it: safe to send whatever the method does
    } catch (const ConnectionError& e) {
        lost(link, e.what());
        again = call->options.idempotent;
        std::lock_guard lock(mutex_);
        if (!again && !closing_)
            error = std::make_exception_ptr(ConnectionError(
                "the connection to " + uri_ + " was lost before the answer came (" + e.what() +
                "); the call was not sent again, as its method is not marked idempotent"));
    } catch (const TimeoutError&) {
        // Told with the call's whole timeout, not what was left of it when it was sent again.
        error = timed_out(call->timeout);
    } catch (...) {  // the server's error answer: the caller's to see
    }
    if (again) return send(call);
    call->done(nullptr, std::move(error));
}

/// Called with mutex_ held.
std::exception_ptr Reconnector::wait(const std::shared_ptr<Call>& call) {
    if (waiting_.size() >= options_.max_waiting)
        return std::make_exception_ptr(NotSentError(not_sent(
            "not connected (reconnecting), and " + std::to_string(waiting_.size()) +
            " calls and notifications wait already (ReconnectOptions::max_waiting)")));
    if (left_until(call->deadline) <= milliseconds(0)) return timed_out(call->timeout);
    call->keep_params = true;  // sent from the queue, it might meet a closed connection again
    auto id = next_waiting_++;
    auto deadline = std::make_unique<asio::steady_timer>(control_, call->deadline);
    deadline->async_wait([this, id](boost::system::error_code ec) {
        if (!ec) expire(id);
    });
    waiting_.emplace(id, Waiting{call, std::move(deadline)});
    return nullptr;
}

void Reconnector::expire(std::uint64_t id) {
    std::shared_ptr<Call> call;
    {
        std::lock_guard lock(mutex_);
        auto it = waiting_.find(id);
        if (it == waiting_.end()) return;  // sent, or failed by close()
        call = std::move(it->second.call);
        waiting_.erase(it);
    }
    // A notification that waited too long is dropped: no one is there to tell.
    if (call->done) call->done(nullptr, timed_out(call->timeout, ": the connection to " + uri_ + " was not back in time"));
}

/// Sends what waited on `link`, in order, before calls made from now on: they keep waiting
/// behind until the queue is empty, so a notification is still seen before a later call.
void Reconnector::flush(const std::shared_ptr<Link>& link) {
    for (;;) {
        Waiting next;
        {
            std::lock_guard lock(mutex_);
            if (closing_ || link_ != link) return;  // lost again meanwhile: what is left waits
            if (waiting_.empty()) {
                ready_ = true;
                return;
            }
            next = std::move(waiting_.begin()->second);
            waiting_.erase(waiting_.begin());
        }
        next.deadline.reset();
        send_on(link, next.call);
    }
}

std::string Reconnector::not_sent(const std::string& why) const { return "not sent to " + uri_ + ": " + why; }

}  // namespace rpcforge::detail
