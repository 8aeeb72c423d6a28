// Discovery on etcd v3 (docs/scale-out.md). An instance is the key PREFIX/SERVICE/ID, its value
// the instance's JSON, attached to a lease of the registration's TTL that a thread keeps alive.
// A dead process stops renewing, the lease expires and etcd deletes the key. Watches follow
// the keys under PREFIX/SERVICE/ with etcd's own watch, resolving again after each event.

#include "backends.hpp"
#include "etcd/etcd_gateway.hpp"
#include <rpcforge/detail/backoff.hpp>  // shared with the client's reconnecting
#include "stop_flag.hpp"

#include <algorithm>
#include <thread>

namespace rpcforge::discovery {
namespace {
using rpcforge::detail::Backoff;

using std::chrono::milliseconds;

/// What a range read found, and the store's revision when it read it.
struct Snapshot {
    std::vector<ServiceInstance> instances;
    std::int64_t revision = 0;
};

std::int64_t number(const json& value) {
    return value.is_string() ? std::stoll(value.get<std::string>()) : value.get<std::int64_t>();
}

class EtcdStore {
public:
    EtcdStore(const DiscoveryUri& uri, const DiscoveryOptions& options)
        : gateway_(uri.stores, uri.store_uri(), options.request_timeout), prefix_(options.etcd_prefix) {}

    std::string key_prefix(const std::string& service) const { return prefix_ + "/" + service + "/"; }

    Snapshot range(const std::string& service) {
        auto prefix = key_prefix(service);
        json answer = gateway_.post("/v3/kv/range", {{"key", base64_encode(prefix)}, {"range_end", range_end(prefix)}});
        Snapshot snapshot;
        snapshot.revision = number(answer["header"]["revision"]);
        for (const auto& kv : answer.value("kvs", json::array())) {
            try {
                snapshot.instances.push_back(ServiceInstance::from_json(json::parse(base64_decode(kv["value"].get<std::string>()))));
            } catch (const std::exception&) {
                // A key under the prefix that is not ours; nothing to connect to.
            }
        }
        return snapshot;
    }

    std::int64_t grant(std::chrono::seconds ttl) {
        return number(gateway_.post("/v3/lease/grant", {{"TTL", ttl.count()}})["ID"]);
    }
    void put(const std::string& key, const std::string& value, std::int64_t lease) {
        gateway_.post("/v3/kv/put", {{"key", base64_encode(key)}, {"value", base64_encode(value)},
                                     {"lease", std::to_string(lease)}});
    }
    /// False when the lease is gone (expired, revoked, or the store lost it).
    bool keep_alive(std::int64_t lease) {
        json answer = gateway_.post("/v3/lease/keepalive", {{"ID", std::to_string(lease)}});
        const json& result = answer.contains("result") ? answer["result"] : answer;
        return result.contains("TTL") && number(result["TTL"]) > 0;
    }
    void revoke(std::int64_t lease) { gateway_.post("/v3/lease/revoke", {{"ID", std::to_string(lease)}}); }

    /// Follows the keys of `service` from `revision` on, calling `on_event` after each change,
    /// until the stream breaks (throws) or `stop` is set.
    void watch(const std::string& service, std::int64_t revision, const std::function<void()>& on_event,
               const std::function<bool()>& stop) {
        auto prefix = key_prefix(service);
        json request = {{"create_request",
                         {{"key", base64_encode(prefix)}, {"range_end", range_end(prefix)},
                          {"start_revision", std::to_string(revision)}}}};
        gateway_.stream("/v3/watch", request, [&](const json& answer) {
            if (answer.contains("error")) throw DiscoveryError(gateway_.store_uri() + ": watch: " + answer["error"].dump());
            const json& result = answer.value("result", json::object());
            if (result.value("canceled", false)) return false;  // compacted, say: resolve and watch again
            if (result.contains("events")) on_event();
            return true;
        }, stop, milliseconds(100));
    }

    const std::string& store_uri() const { return gateway_.store_uri(); }

private:
    /// The end of the range of keys that start with `prefix`.
    static std::string range_end(std::string prefix) {
        prefix.back() = static_cast<char>(prefix.back() + 1);
        return base64_encode(prefix);
    }

    EtcdGateway gateway_;
    std::string prefix_;
};

class EtcdRegistration final : public Registration {
public:
    EtcdRegistration(std::shared_ptr<EtcdStore> store, const std::string& service, const ServiceInstance& instance,
                     std::chrono::seconds ttl)
        : store_(std::move(store)), key_(store_->key_prefix(service) + instance.id),
          value_(instance.to_json().dump()), ttl_(ttl) {
        register_now();  // the first time in the caller's thread, so that a store that is down shows
        thread_ = std::thread([this] { keep_registered(); });
    }
    ~EtcdRegistration() override { deregister(); }

    void deregister() override {
        stop_.stop();
        if (thread_.joinable()) thread_.join();
    }

private:
    void register_now() {
        lease_ = store_->grant(ttl_);
        store_->put(key_, value_, lease_);
    }

    void keep_registered() {
        Backoff backoff(milliseconds(100), milliseconds(2000));
        milliseconds renew_every = std::chrono::duration_cast<milliseconds>(ttl_) / 3;
        auto wait = renew_every;
        while (!stop_.wait_for(wait)) {
            try {
                if (lease_ == 0 || !store_->keep_alive(lease_)) register_now();
                backoff.succeeded();
                wait = renew_every;
            } catch (const std::exception&) {
                wait = std::min(backoff.failed(), renew_every);  // the other stores, soon
            }
        }
        try {
            if (lease_ != 0) store_->revoke(lease_);  // deletes the key with it
        } catch (const std::exception&) {
            // The store is gone; the lease runs out by itself.
        }
    }

    std::shared_ptr<EtcdStore> store_;
    std::string key_;
    std::string value_;
    std::chrono::seconds ttl_;
    std::int64_t lease_ = 0;
    StopFlag stop_;
    std::thread thread_;
};

class EtcdWatch final : public Watch {
public:
    EtcdWatch(std::shared_ptr<EtcdStore> store, std::string service, Discovery::OnChange on_change)
        : store_(std::move(store)), service_(std::move(service)), on_change_(std::move(on_change)),
          thread_([this] { follow(); }) {}
    ~EtcdWatch() override {
        stop_.stop();
        thread_.join();
    }

private:
    void follow() {
        Backoff backoff(milliseconds(100), milliseconds(2000));
        while (!stop_.stopped()) {
            try {
                auto snapshot = store_->range(service_);
                deliver(std::move(snapshot.instances));
                store_->watch(service_, snapshot.revision + 1, [this] { deliver(store_->range(service_).instances); },
                              [this] { return stop_.stopped(); });
                backoff.succeeded();
            } catch (const std::exception&) {
                stop_.wait_for(backoff.failed());
            }
        }
    }

    void deliver(std::vector<ServiceInstance> live) {
        if (delivered_ && *delivered_ == live) return;
        delivered_ = live;
        on_change_(std::move(live));
    }

    std::shared_ptr<EtcdStore> store_;
    std::string service_;
    Discovery::OnChange on_change_;
    std::optional<std::vector<ServiceInstance>> delivered_;
    StopFlag stop_;
    std::thread thread_;  // last: it starts once the members above are ready
};

class EtcdDiscovery final : public Discovery {
public:
    EtcdDiscovery(const DiscoveryUri& uri, const DiscoveryOptions& options)
        : store_(std::make_shared<EtcdStore>(uri, options)) {}

    std::unique_ptr<Registration> register_instance(const std::string& service, ServiceInstance instance,
                                                    std::chrono::seconds ttl) override {
        check_service(service);
        if (instance.id.empty()) instance.id = instance.endpoint;
        return std::make_unique<EtcdRegistration>(store_, service, instance, std::max(ttl, std::chrono::seconds(1)));
    }
    std::vector<ServiceInstance> resolve(const std::string& service) override {
        check_service(service);
        return store_->range(service).instances;
    }
    std::unique_ptr<Watch> watch(const std::string& service, OnChange on_change) override {
        check_service(service);
        return std::make_unique<EtcdWatch>(store_, service, std::move(on_change));
    }
    std::string describe() const override { return store_->store_uri(); }

private:
    static void check_service(const std::string& service) {
        if (service.empty() || service.find('/') != std::string::npos)
            throw std::invalid_argument("a service name is not empty and has no '/': '" + service + "'");
    }

    std::shared_ptr<EtcdStore> store_;
};

}  // namespace

std::shared_ptr<Discovery> open_etcd(const DiscoveryUri& uri, const DiscoveryOptions& options) {
    return std::make_shared<EtcdDiscovery>(uri, options);
}

}  // namespace rpcforge::discovery
