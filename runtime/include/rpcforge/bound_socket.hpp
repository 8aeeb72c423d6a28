#pragma once
/// Listening sockets bound in one process and served by others forked from it (prefork.hpp,
/// Server::listen(const BoundSocket&)). A header of its own: binding is the transport's work,
/// and the transport must not depend on the server that serves what it binds.

#include <string>

namespace rpcforge {

/// A listening socket bound in this process, to be served by other processes forked from it
/// (see prefork.hpp). The descriptor stays open until close_bound_socket().
struct BoundSocket {
    std::string uri;  ///< as bound: port 0 replaced by the port chosen
    int fd = -1;
};

/// Binds and listens on a tcp:// or unix:// (framing may be set) endpoint without serving it.
/// Throws std::invalid_argument for another kind or a bad URI, std::system_error when it
/// cannot bind.
BoundSocket bind_socket(const std::string& uri);
/// Closes the descriptor (and removes a Unix socket's file when `remove_file`).
void close_bound_socket(BoundSocket& socket, bool remove_file);

}  // namespace rpcforge
