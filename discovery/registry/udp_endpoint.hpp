#pragma once
/// JSON-RPC over UDP, as RPyC's registry speaks it: one request per datagram, answered with
/// one datagram to its sender, run through the same dispatcher as the stream endpoints.
/// Unauthenticated and unencrypted: for trusted networks only (docs/registry.md).

#include <rpcforge/dispatcher.hpp>

#include <memory>
#include <string>
#include <thread>

namespace rpcforge::registry {

class UdpEndpoint {
public:
    /// Largest datagram read or sent by default: a request or an answer beyond it is refused.
    static constexpr std::size_t default_max_datagram_bytes = 8192;

    /// Binds `address` ("HOST:PORT", "[::1]:PORT"; port 0 picks one) and serves it on a
    /// thread of its own until destroyed. `dispatcher` must outlive the endpoint. Throws
    /// std::invalid_argument for a bad address, std::runtime_error naming it when it cannot
    /// be resolved or bound.
    UdpEndpoint(const Dispatcher& dispatcher, const std::string& address,
                std::size_t max_datagram_bytes = default_max_datagram_bytes);
    ~UdpEndpoint();
    UdpEndpoint(const UdpEndpoint&) = delete;
    UdpEndpoint& operator=(const UdpEndpoint&) = delete;

    /// The address bound, with the port chosen: "udp://127.0.0.1:40123".
    const std::string& uri() const { return uri_; }

private:
    struct State;
    std::shared_ptr<State> state_;
    std::string uri_;
    std::thread thread_;
};

}  // namespace rpcforge::registry
