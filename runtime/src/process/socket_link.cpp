#include "process/socket_link.hpp"

#include "transport/stream/framer.hpp"
#include "transport/stream/stream_connection.hpp"

#include <rpcforge/peer.hpp>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>

namespace rpcforge::detail {

namespace asio = boost::asio;
using unix_socket = asio::local::stream_protocol;

std::shared_ptr<Connection> connection_over_socket(asio::io_context& io, int socket, const Limits& limits,
                                                   std::string remote_address) {
    unix_socket::socket adopted(asio::make_strand(io), unix_socket(), socket);
    auto info = std::make_shared<ConnectionInfo>();
    info->transport = "unix";
    info->remote_address = std::move(remote_address);
    return std::make_shared<StreamConnection<unix_socket::socket>>(
        std::move(adopted), make_framer(Framing::newline, limits.max_message_bytes), std::move(info),
        limits.max_queued_write_bytes);
}

void serve_over_socket(const Dispatcher& dispatcher, int socket, const Limits& limits) {
    asio::io_context io(1);
    PeerOptions options;
    options.protocol.limits = limits;
    auto peer = std::make_shared<Peer>(connection_over_socket(io, socket, limits, "unix:server"), &dispatcher,
                                       io.get_executor(), std::move(options));
    peer->start();
    // Returns once the connection is closed and nothing is left to do.
    io.run();
}

}  // namespace rpcforge::detail
