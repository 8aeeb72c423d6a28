// The helpers every transport shares for a blocking connect and for naming a peer.

#include "transport/stream/stream_transport.hpp"

#include <rpcforge/error.hpp>

namespace rpcforge::detail {

namespace asio = boost::asio;

std::string describe(const std::string& scheme, const asio::ip::address& address, std::uint16_t port) {
    auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return scheme + "://" + host + ":" + std::to_string(port);
}

bool run_until(asio::io_context& io, const bool& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline)
        if (io.run_one_until(deadline) == 0 && io.stopped()) break;
    io.restart();
    return done;
}

void connect_failed(const Endpoint& endpoint, const std::string& why) {
    throw ConnectionError("cannot connect to " + endpoint.to_uri() + ": " + why);
}

}  // namespace rpcforge::detail
