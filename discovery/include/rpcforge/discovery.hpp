#pragma once
/// Service discovery: servers register the instances of a service under a name, with a TTL
/// they keep alive; clients resolve the name to the live instances and watch for changes.
/// Two stores stand behind one interface (docs/scale-out.md):
///   etcd://127.0.0.1:2379,127.0.0.1:22379/calculator     etcd v3, through its HTTP/JSON gateway
///   registry://127.0.0.1:18811/calculator                 `rpcforge registry`, the embedded one
/// Several stores (the members of one etcd cluster, say) are tried in turn.

#include <rpcforge/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rpcforge {

/// One running server of a service, as discovery knows it.
struct ServiceInstance {
    /// Unique among the service's instances; register_instance() uses the endpoint when empty.
    std::string id;
    /// The URI clients connect to (endpoint.hpp): tcp://10.0.0.5:7001, http://.../rpc, ...
    std::string endpoint;
    /// The service's version, as the server states it (free text).
    std::string version;
    /// Anything else clients may choose by: zone, weight, build...
    json metadata = json::object();

    friend bool operator==(const ServiceInstance&, const ServiceInstance&) = default;
    json to_json() const;
    /// Throws std::invalid_argument when `value` is not an instance (no endpoint, say).
    static ServiceInstance from_json(const json& value);
};

/// Keeps one instance registered: renews its TTL in the background, registers it again if the
/// store lost it (a store restarted, a lease expired while the store was unreachable), and
/// removes it when destroyed. An instance whose process dies disappears when its TTL runs out.
class Registration {
public:
    virtual ~Registration() = default;
    /// Removes the instance now, so that clients stop sending it calls; later calls do nothing.
    virtual void deregister() = 0;
};

/// Reports a service's live instances, once at the start and after every change, until
/// destroyed. The callback runs on the watch's own thread, never two at a time.
class Watch {
public:
    virtual ~Watch() = default;
};

/// One store of registrations. Thread-safe. Throws DiscoveryError when no store answers.
class Discovery {
public:
    using OnChange = std::function<void(std::vector<ServiceInstance> live)>;

    virtual ~Discovery() = default;
    /// Registers `instance` of `service` for `ttl` (at least one second), renewed every third of
    /// it until the Registration is destroyed.
    virtual std::unique_ptr<Registration> register_instance(const std::string& service, ServiceInstance instance,
                                                            std::chrono::seconds ttl) = 0;
    /// The live instances of `service` now, ordered by id.
    virtual std::vector<ServiceInstance> resolve(const std::string& service) = 0;
    /// Calls `on_change` with the live instances now, and again whenever they change.
    virtual std::unique_ptr<Watch> watch(const std::string& service, OnChange on_change) = 0;
    /// The store as a URI, without a service (for messages).
    virtual std::string describe() const = 0;
};

/// No store could be reached, or the one reached refused the request.
class DiscoveryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A discovery URI: etcd://HOST:PORT[,HOST:PORT...][/SERVICE] or registry://... alike.
struct DiscoveryUri {
    enum class Kind { etcd, registry };

    Kind kind = Kind::etcd;
    /// "host:port" of each store, in the order given ("[::1]:2379" for IPv6).
    std::vector<std::string> stores;
    /// The service the URI names; empty when it names only the store.
    std::string service;

    /// Whether `uri` is a discovery URI (its scheme is etcd or registry), not an endpoint.
    static bool is_discovery(std::string_view uri);
    /// Throws std::invalid_argument with a message that says what is wrong.
    static DiscoveryUri parse(std::string_view uri);
    /// The URI of the store alone, without the service.
    std::string store_uri() const;
};

struct DiscoveryOptions {
    /// How long one request to one store may take before the next store is tried.
    std::chrono::milliseconds request_timeout{std::chrono::seconds(2)};
    /// Under this prefix etcd keeps the registrations: PREFIX/SERVICE/ID.
    std::string etcd_prefix = "/rpcforge/services";
};

/// A fixed list of endpoint URIs as a discovery: every service resolves to them, they never
/// change, and nothing can register. For a BalancedChannel over servers known in advance.
std::shared_ptr<Discovery> endpoint_list(const std::vector<std::string>& endpoints);

/// The store `uri` names (its service, if any, is ignored). Connects lazily: a store that is
/// down shows as a DiscoveryError from the first request, not here.
std::shared_ptr<Discovery> open_discovery(const DiscoveryUri& uri, DiscoveryOptions options = {});

}  // namespace rpcforge
