// Only while rpcforge_discovery has no etcd backend of its own (CMakeLists.txt adds this file
// then): open_discovery() refers to it, and these programs open registry:// URIs only.
#include "backends.hpp"

namespace rpcforge::discovery {

std::shared_ptr<Discovery> open_etcd(const DiscoveryUri& uri, const DiscoveryOptions&) {
    throw std::invalid_argument("'" + uri.store_uri() + "': the etcd backend is not in this build");
}

}  // namespace rpcforge::discovery
