#pragma once
// Where the server's transports ask its Authentication: a stream connection once when it is
// accepted, an HTTP request before its body runs, a WebSocket at its upgrade.

#include <rpcforge/auth.hpp>

namespace rpcforge::detail {

/// Authenticates a stream connection (tcp, unix, tls) by what it proved on its own: sets
/// info.identity, or info.authentication_refused (then each of its calls is refused).
void authenticate_connection(const Authentication& authentication, ConnectionInfo& info);

/// Makes a 401 an HTTP client can act on: the response headers get one WWW-Authenticate per
/// scheme offered; with none to offer (certificates, roles only) the status becomes 403.
void add_challenges(const Authentication* authentication, unsigned& status, Headers& headers);

}  // namespace rpcforge::detail
