#pragma once
/// The stores behind open_discovery(), one folder each.

#include <rpcforge/discovery.hpp>

#include <memory>

namespace rpcforge::discovery {

/// etcd v3 through its HTTP/JSON gateway (etcd/).
std::shared_ptr<Discovery> open_etcd(const DiscoveryUri& uri, const DiscoveryOptions& options);
/// The embedded registry, `rpcforge registry` (registry/).
std::shared_ptr<Discovery> open_registry(const DiscoveryUri& uri, const DiscoveryOptions& options);

}  // namespace rpcforge::discovery
