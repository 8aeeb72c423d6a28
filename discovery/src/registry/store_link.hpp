#pragma once
/// The stores of a registry:// URI as the client backend sees them: a connection to one store
/// made when first needed and made again after a failure, and failover over several.

#include "registry_client.hpp"
#include "stop_flag.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/discovery.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rpcforge::discovery {

namespace wire = rpcforge::registry;

/// ServiceInstance to and from the registry's wire type, through their common JSON.
wire::Instance to_wire(const ServiceInstance& instance);
std::vector<ServiceInstance> from_wire(const std::vector<wire::Instance>& instances);

/// "registry HOST:PORT: WHY", for every failure that concerns one store.
DiscoveryError store_error(const std::string& store, const std::string& why);

/// One store ("host:port") and, while it answers, a connection to it. With a StopFlag, every
/// answer on the connection is reported to it (StopFlag::await).
class StoreLink {
public:
    StoreLink(std::string store, std::chrono::milliseconds timeout, std::shared_ptr<StopFlag> wake = nullptr);

    const std::string& store() const { return store_; }
    bool connected() const { return connection_ && connection_->is_connected(); }
    /// A typed client whose calls wait at most `timeout` (the link's own when unset).
    /// Connects first when there is no open connection; throws ConnectionError when it cannot.
    wire::RegistryClient client(std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    /// Forgets the connection after a failure: the next client() connects again.
    void drop();

private:
    /// The connection as the generated client sees it: calls go out as the Client's, and each
    /// answer also wakes the StopFlag.
    class WakingChannel final : public rpcforge::Channel {
    public:
        WakingChannel(rpcforge::Client& client, std::shared_ptr<StopFlag> wake)
            : client_(client), wake_(std::move(wake)) {}
        void call_then(const std::string& method, json params, Completion done, CallOptions options) override;
        void notify(const std::string& method, json params) override { client_.notify(method, std::move(params)); }
        std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options) override {
            return client_.send_batch(batch, options);
        }

    private:
        rpcforge::Client& client_;
        std::shared_ptr<StopFlag> wake_;
    };

    std::string store_;
    std::chrono::milliseconds timeout_;
    std::shared_ptr<StopFlag> wake_;
    std::unique_ptr<rpcforge::Client> connection_;
    std::unique_ptr<WakingChannel> channel_;  // over connection_, when wake_ is set
};

/// The stores of one URI, tried in turn from the one that answered last. Not thread-safe:
/// each user (resolve, a registration, a watch) has its own.
class Failover {
public:
    Failover(const DiscoveryUri& uri, std::chrono::milliseconds timeout, std::shared_ptr<StopFlag> wake = nullptr);

    /// Runs `call` with the current store's client, moving on to the next store while one
    /// cannot be reached (a connection, a timeout, an answer that is not a registry's). A
    /// store's error answer is the registry's refusal, the same from every store: thrown at
    /// once as DiscoveryError. Throws DiscoveryError with every store's failure when none answers.
    template <class Call>
    auto run(Call&& call) {
        std::string failures;
        for (std::size_t tried = 0; tried < links_.size(); ++tried) {
            auto& link = current();
            try {
                auto client = link.client();
                return call(client);
            } catch (const rpcforge::Error& refusal) {
                throw store_error(link.store(), refusal.what());
            } catch (const std::exception& failure) {
                failures += (failures.empty() ? "" : "; ") + link.store() + ": " + failure.what();
                failed();
            }
        }
        throw DiscoveryError(uri_ + ": no registry answered (" + failures + ")");
    }

    StoreLink& current() { return links_[current_]; }
    /// The current store failed: drops its connection and moves on to the next.
    void failed();

private:
    std::string uri_;
    std::vector<StoreLink> links_;
    std::size_t current_ = 0;
};

}  // namespace rpcforge::discovery
