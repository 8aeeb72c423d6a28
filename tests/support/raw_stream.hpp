#pragma once
// Test-side connections that move raw text, to see exactly what a server sends back.

#include <rpcforge/connection.hpp>
#include <rpcforge/endpoint.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace rpcforge::test {

using namespace std::chrono_literals;

/// A connection that sends and receives messages as text.
class RawChannel {
public:
    virtual ~RawChannel() = default;
    /// Sends one message, framed as the transport frames it.
    virtual void send(const std::string& message) = 0;
    /// The next message, or nothing if none came in time (or the connection closed).
    virtual std::optional<std::string> receive(std::chrono::milliseconds timeout = 5s) = 0;
};

/// A blocking socket to a tcp:// or unix:// endpoint; can also write raw bytes.
class RawStream final : public RawChannel {
public:
    explicit RawStream(const std::string& uri);
    ~RawStream() override;

    void send(const std::string& message) override;
    std::optional<std::string> receive(std::chrono::milliseconds timeout = 5s) override;

    /// Writes bytes as they are; false when the other side has closed.
    bool write_raw(std::string_view bytes);
    /// Writes `bytes` over and over without blocking until `total` bytes are written, or
    /// until the other side takes nothing for `stall`. Returns the bytes written.
    std::size_t write_until_stalled(std::string_view bytes, std::size_t total, std::chrono::milliseconds stall);
    /// Ends this side's output (the server sees end of input).
    void shutdown_send();
    /// True when the other side closed within the timeout (anything received is dropped).
    bool closed_by_peer(std::chrono::milliseconds timeout = 5s);
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Messages over one of the runtime's own connections, so a test sees the answers as they
/// were sent on any transport (in memory, TLS).
class RawConnection final : public RawChannel {
public:
    /// `connect` makes the connection, driving the io_context it is given on this thread
    /// (as the runtime's connect does), or in memory on its executor.
    explicit RawConnection(const std::function<std::shared_ptr<Connection>(boost::asio::io_context&)>& connect);
    ~RawConnection() override;

    void send(const std::string& message) override;
    std::optional<std::string> receive(std::chrono::milliseconds timeout = 5s) override;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace rpcforge::test
