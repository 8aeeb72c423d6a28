#include "registry_service.hpp"

#include <algorithm>

namespace rpcforge::registry {
namespace {

/// A -32602 answer in the words the generated checks use ("Invalid params: 'x' must ...").
rpcforge::Error invalid(const std::string& param, const std::string& problem) {
    return rpcforge::Error(rpcforge::error_code::invalid_params, "Invalid params: '" + param + "' " + problem);
}

void check_service(const std::string& service) {
    if (service.empty()) throw invalid("service", "must not be empty");
    if (service.size() > RequestBounds::max_service_name_bytes)
        throw invalid("service", "must be at most " + std::to_string(RequestBounds::max_service_name_bytes) +
                                     " bytes, got " + std::to_string(service.size()));
    // Discovery URIs end in /SERVICE: a name with a '/' could never be asked for.
    if (service.find('/') != std::string::npos) throw invalid("service", "must not contain '/'");
}

/// The instance as the registry keeps it: id, version and metadata filled in.
Instance complete(Instance instance) {
    if (instance.endpoint.empty()) throw invalid("instance.endpoint", "must not be empty");
    if (!instance.id || instance.id->empty()) instance.id = instance.endpoint;
    if (!instance.version) instance.version = "";
    if (!instance.metadata) instance.metadata.emplace();
    auto bytes = rpcforge::to_wire(rpcforge::to_json_value(instance)).size();
    if (bytes > RequestBounds::max_instance_bytes)
        throw invalid("instance", "must be at most " + std::to_string(RequestBounds::max_instance_bytes) +
                                      " bytes of JSON, got " + std::to_string(bytes));
    return instance;
}

}  // namespace

Lease RegistryService::register_(const std::string& service, const Instance& instance, std::int64_t ttl_seconds) {
    check_service(service);
    if (ttl_seconds < RequestBounds::min_ttl_seconds || ttl_seconds > RequestBounds::max_ttl_seconds)
        throw invalid("ttl_seconds", "must be from " + std::to_string(RequestBounds::min_ttl_seconds) + " to " +
                                         std::to_string(RequestBounds::max_ttl_seconds) + ", got " +
                                         std::to_string(ttl_seconds));
    return store_.add(service, complete(instance), std::chrono::seconds(ttl_seconds));
}

std::int64_t RegistryService::keep_alive(const std::string& lease) {
    auto ttl = store_.renew(lease);
    if (!ttl) throw UnknownLease();
    return ttl->count();
}

bool RegistryService::deregister(const std::string& lease) { return store_.remove(lease); }

std::vector<Instance> RegistryService::resolve(const std::string& service) {
    check_service(service);
    return store_.snapshot(service).instances;
}

void RegistryService::watch(const std::string& service, std::int64_t since_revision, std::int64_t timeout_ms,
                            rpcforge::Reply<Snapshot> reply) {
    check_service(service);
    if (timeout_ms < 0) throw invalid("timeout_ms", "must not be negative, got " + std::to_string(timeout_ms));
    // Capped rather than refused: a client asking for a longer poll still gets a correct
    // answer, only sooner.
    auto timeout = std::chrono::milliseconds(std::min(timeout_ms, RequestBounds::max_watch_timeout_ms));
    store_.watch(service, since_revision, timeout, [reply](Snapshot snapshot) { reply(snapshot); });
}

std::vector<std::string> RegistryService::services() { return store_.services(); }

}  // namespace rpcforge::registry
