#include "store_link.hpp"

namespace rpcforge::discovery {

wire::Instance to_wire(const ServiceInstance& instance) {
    json value = instance.to_json();
    if (instance.id.empty()) value["id"] = instance.endpoint;
    try {
        return rpcforge::convert<wire::Instance>(value, "instance");
    } catch (const ConversionError& e) {
        throw std::invalid_argument(std::string("not a service instance: ") + e.what());
    }
}

std::vector<ServiceInstance> from_wire(const std::vector<wire::Instance>& instances) {
    std::vector<ServiceInstance> out;
    out.reserve(instances.size());
    for (const auto& instance : instances) out.push_back(ServiceInstance::from_json(rpcforge::to_json_value(instance)));
    return out;
}

DiscoveryError store_error(const std::string& store, const std::string& why) {
    return DiscoveryError("registry " + store + ": " + why);
}

StoreLink::StoreLink(std::string store, std::chrono::milliseconds timeout, std::shared_ptr<StopFlag> wake)
    : store_(std::move(store)), timeout_(timeout), wake_(std::move(wake)) {}

wire::RegistryClient StoreLink::client(std::optional<std::chrono::milliseconds> timeout) {
    if (!connected()) {
        drop();
        ClientOptions options;
        options.connect_timeout = timeout_;
        connection_ = std::make_unique<rpcforge::Client>("tcp://" + store_, options);
        if (wake_) channel_ = std::make_unique<WakingChannel>(*connection_, wake_);
    }
    CallOptions call;
    call.timeout = timeout.value_or(timeout_);
    if (channel_) return wire::RegistryClient(*channel_, call);
    return wire::RegistryClient(*connection_, call);
}

void StoreLink::drop() {
    channel_.reset();
    connection_.reset();
}

void StoreLink::WakingChannel::call_then(const std::string& method, json params, Completion done,
                                         CallOptions options) {
    client_.call_then(
        method, std::move(params),
        [done = std::move(done), wake = wake_](json result, std::exception_ptr error) {
            done(std::move(result), std::move(error));
            wake->answered();
        },
        options);
    wake_->sent();  // after call_then, which throws for a call that cannot be sent
}

Failover::Failover(const DiscoveryUri& uri, std::chrono::milliseconds timeout, std::shared_ptr<StopFlag> wake)
    : uri_(uri.store_uri()) {
    for (const auto& store : uri.stores) links_.emplace_back(store, timeout, wake);
}

void Failover::failed() {
    current().drop();
    current_ = (current_ + 1) % links_.size();
}

}  // namespace rpcforge::discovery
