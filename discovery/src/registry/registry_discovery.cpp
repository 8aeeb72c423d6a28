// Placeholder until the embedded registry lands: registry:// URIs are refused.
#include "backends.hpp"

namespace rpcforge::discovery {

std::shared_ptr<Discovery> open_registry(const DiscoveryUri& uri, const DiscoveryOptions&) {
    throw std::invalid_argument("'" + uri.store_uri() + "': the embedded registry is not built yet");
}

}  // namespace rpcforge::discovery
