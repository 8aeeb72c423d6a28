#pragma once
/// The seam between transports and the JSON-RPC peer: a connection moves whole messages.

#include <rpcforge/context.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <string>

namespace rpcforge {

class Error;

/// What a connection reports to its owner, always on the connection's own executor,
/// one call at a time.
class ConnectionHandler {
public:
    virtual ~ConnectionHandler() = default;
    /// `context` is null unless the transport knows more of this message than of its
    /// connection (an HTTP request's headers, its serialisation); the handler then fills in
    /// the connection's.
    virtual void on_message(std::string message, std::shared_ptr<MessageContext> context) = 0;
    /// A frame could not be read as a message (over the size limit, or a broken frame header).
    /// If `fatal`, the stream cannot be resynchronised and the connection closes after the answer.
    virtual void on_frame_error(const Error& error, bool fatal) = 0;
    /// A message sent will get no answer, though the connection goes on: an HTTP request was
    /// written and the server closed before answering (it cannot be sent again: it may have
    /// run), or it could not be sent at all. The calls in it fail with ConnectionError(reason).
    virtual void on_lost(const std::string& /*message*/, const std::string& /*reason*/) {}
    /// A message could not be sent at all: no connection to the server could be made for it,
    /// so no server saw it. The calls in it fail with NotSentError(reason), which a balancing
    /// channel may send elsewhere whatever the method (docs/scale-out.md).
    virtual void on_not_sent(const std::string& message, const std::string& reason) { on_lost(message, reason); }
    /// The other side will send nothing more; answers may still be written.
    virtual void on_input_end() = 0;
    /// The connection is closed; the last call. `reason` is empty for an orderly close.
    virtual void on_closed(const std::string& reason) = 0;
    /// Asked before each read: false holds reading back until Connection::resume_reading().
    virtual bool accepts_input() const { return true; }
    /// True while a message this connection delivered is still being run or answered: the
    /// connection is not idle then, whatever its idle timeout. Called from the connection's
    /// thread while other threads run the messages.
    virtual bool busy() const { return false; }
};

/// One message connection. Every member is safe to call from any thread.
class Connection {
public:
    virtual ~Connection() = default;
    /// Starts reading; the connection keeps `handler` until it is closed.
    virtual void start(std::shared_ptr<ConnectionHandler> handler) = 0;
    /// Queues one message for sending. Ignored once the connection is closed.
    virtual void send(std::string message) = 0;
    /// Queues one message like send(), and runs `written` on the connection's executor once it
    /// has been written to the socket, so that a sender can bound what it has queued
    /// (subscriptions do). Dropped unrun when the connection closes first. A transport that
    /// does not know when a message is written runs it once the message is queued (posted,
    /// never from inside send_then: the caller may hold a lock the callback takes).
    virtual void send_then(std::string message, std::function<void()> written) {
        send(std::move(message));
        if (written) boost::asio::post(executor(), std::move(written));
    }
    /// Sends what is queued, then closes.
    virtual void close() = 0;
    /// Closes at once; what is queued is dropped.
    virtual void abort() = 0;
    /// Stops reading new messages, as though the other side had ended its input.
    virtual void stop_reading() = 0;
    /// Reads again if it was holding back for the handler's accepts_input().
    virtual void resume_reading() = 0;
    /// The transport, where the other side is, and who it proved to be.
    virtual std::shared_ptr<const ConnectionInfo> info() const = 0;
    /// True for the server side of HTTP: each message received gets exactly one answer
    /// (send() or skip_answer()), in order, and nothing else can be sent.
    virtual bool answers_only() const { return false; }
    /// Called in order with send() for a received message that gets no answer (notifications
    /// only). An answers_only() transport sends an empty answer; others nothing.
    virtual void skip_answer() {}
    /// How the messages this side starts (calls, notifications) are written, and those received
    /// without a context that says otherwise: negotiated once per connection (WebSocket) or
    /// chosen by the client (HTTP); JSON on streams.
    virtual Serialization serialization() const { return Serialization::json; }
    /// The executor its callbacks run on (also good for timers that belong to it).
    virtual boost::asio::any_io_executor executor() const = 0;
};

/// Makes two connected in-memory connections, each delivering on its own executor.
/// For tests and for services living in the same process.
std::pair<std::shared_ptr<Connection>, std::shared_ptr<Connection>> make_memory_pair(
    boost::asio::any_io_executor first, boost::asio::any_io_executor second);

}  // namespace rpcforge
