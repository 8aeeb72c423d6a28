#pragma once
/// What a handler may know of the call it runs.

#include <rpcforge/protocol.hpp>

#include <memory>

namespace rpcforge {

class Peer;

/// Passed to handlers that ask for it: a typed handler whose first parameter is
/// `CallContext&` (or `const CallContext&`) receives it; it is not a JSON parameter.
struct CallContext {
    const Request& request;
    /// The connection the call came on, to call or notify that client back.
    /// Null when the dispatcher is used without a connection.
    std::shared_ptr<Peer> peer;
};

}  // namespace rpcforge
