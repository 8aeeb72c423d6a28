#pragma once
// What rpc.discover answers when one dispatcher serves several services: each service's
// OpenRPC document, merged into one.

#include <rpcforge/json.hpp>

#include <functional>
#include <vector>

namespace rpcforge::detail {

/// The OpenRPC documents of the services one dispatcher serves. Filled before serving starts,
/// read by rpc.discover afterwards.
class ServiceDescriptions {
public:
    /// `document` is asked at each rpc.discover (a reloaded service describes its current build).
    void add(std::function<json()> document);
    /// The one document, or all of them merged (merge_descriptions).
    json document() const;

private:
    std::vector<std::function<json()>> documents_;
};

/// Several OpenRPC documents as one: every method and callback; the components of all, where a
/// component that two services define differently under one name is renamed in the later one
/// ("Notes_Point") along with every $ref to it; an info whose title names every service, and
/// each service's own info under "x-rpcforge-services". One document is returned as it is.
json merge_descriptions(std::vector<json> documents);

}  // namespace rpcforge::detail
