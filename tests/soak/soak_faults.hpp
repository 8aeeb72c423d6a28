#pragma once
// The faults the soak injects while its load runs.

#include <rpcforge/client.hpp>

#include <filesystem>
#include <string>

namespace rpcforge::soak {

/// Where the soak server listens, one URI per transport.
struct ServerUris {
    std::string tcp, tls, http, ws;
};

/// A client that goes away in the middle of something; `turn` picks which, round robin: half
/// a message over TCP, TLS, HTTP (headers whole, body cut) or WebSocket (a frame cut), half
/// a TLS handshake, half a WebSocket upgrade, or calls sent and the connection closed before
/// their answers. Returns what it did; throws when the server would not even take the client.
std::string disconnect_midway(const ServerUris& uris, std::size_t turn);

/// SIGKILLs one of the soak server's pool workers (as "soak.status" names them); its pid, or
/// 0 when none was found.
int kill_pool_worker(Client& status, std::size_t turn);

/// Puts `build` at `live` as a deployment should (written beside it, renamed over it): the
/// server's watch then reloads it.
void install_module(const std::filesystem::path& build, const std::filesystem::path& live);

}  // namespace rpcforge::soak
