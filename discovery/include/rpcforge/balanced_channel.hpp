#pragma once
/// A Channel over every live instance of a service (docs/scale-out.md): generated typed clients
/// use it as they use a Client.
///
///     rpcforge::BalancedChannel channel("etcd://127.0.0.1:2379/calculator");
///     calc::CalculatorClient calculator(channel);
///     calculator.add(1, 2);  // on one instance, the next call on the next
///
/// Instances come from discovery and follow it: one that registers gets calls without a
/// restart; one that deregisters gets no new calls, and those it is running finish. An
/// instance whose connection fails is ejected, then tried again after a backoff.
///
/// Failover: a call that was never sent (its instance could not be reached) goes to another
/// instance. A call whose connection was lost after it was sent may have run; it goes to
/// another instance only when CallOptions::idempotent is set (generated clients set it for
/// methods declared idempotent), otherwise it fails with a ConnectionError naming the instance.
/// Either way every try fits in the call's one timeout. An error the server answered is the
/// call's answer and is never retried.

#include <rpcforge/channel.hpp>
#include <rpcforge/client.hpp>
#include <rpcforge/discovery.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge {

enum class Balancing {
    /// Each instance in turn.
    round_robin,
    /// The instance with the fewest calls waiting for an answer (ties in turn).
    least_outstanding,
};

struct BalancedChannelOptions {
    /// How each instance's connection is made (TLS, credentials, the call timeout...). Its
    /// middleware must be empty: wrap the channel instead.
    ClientOptions client{};
    Balancing balancing = Balancing::round_robin;
    /// An instance whose connection failed gets no calls for this long, doubled after each
    /// further failure up to max_eject_time, and back to this after a success.
    std::chrono::milliseconds eject_time{std::chrono::milliseconds(250)};
    std::chrono::milliseconds max_eject_time{std::chrono::seconds(10)};
    /// Sends of one call, the first included (never more than the instances there are).
    std::size_t max_attempts = 3;
    DiscoveryOptions discovery{};
};

class BalancedChannel final : public Channel {
public:
    /// Follows the service a discovery URI names: etcd://HOST:PORT[,...]/SERVICE or
    /// registry://HOST:PORT[,...]/SERVICE. Throws std::invalid_argument for a bad URI or one
    /// without a service, DiscoveryError when no store answers.
    explicit BalancedChannel(const std::string& uri, BalancedChannelOptions options = {});
    /// Follows `service` in `discovery`; `endpoint_list({uri...})` (discovery.hpp) for servers
    /// known in advance.
    BalancedChannel(std::shared_ptr<Discovery> discovery, std::string service, BalancedChannelOptions options = {});
    /// Stops following discovery and closes every connection; calls still waiting fail with
    /// ConnectionError.
    ~BalancedChannel() override;
    BalancedChannel(const BalancedChannel&) = delete;
    BalancedChannel& operator=(const BalancedChannel&) = delete;

    /// Fails with NotSentError when no instance could be reached, ConnectionError when the
    /// connection was lost after the call was sent and it could not go elsewhere.
    void call_then(const std::string& method, json params, Completion done, CallOptions options = {}) override;
    /// Sent to one instance (another one if that one cannot be reached).
    void notify(const std::string& method, json params = nullptr) override;
    /// The whole batch goes to one instance; it is not sent again after it was sent.
    std::vector<std::future<json>> send_batch(const Batch& batch, CallOptions options = {}) override;

    /// How one instance stands, for tests, logs and dashboards.
    struct InstanceStatus {
        ServiceInstance instance;
        bool connected = false;
        bool ejected = false;
        std::size_t outstanding = 0;  ///< calls sent, not yet answered
        std::uint64_t calls = 0;      ///< calls sent to it
        std::uint64_t failures = 0;   ///< connections that failed
    };
    /// The instances known now, ordered by id.
    std::vector<InstanceStatus> instances() const;

    class Core;

private:
    std::shared_ptr<Core> core_;
    std::unique_ptr<Watch> watch_;
};

/// A Client for an endpoint URI (tcp://, http://, ...), a BalancedChannel for a discovery URI
/// (etcd://, registry://): the one call a program needs to take its server from configuration.
std::unique_ptr<Channel> open_channel(const std::string& uri, BalancedChannelOptions options = {});

}  // namespace rpcforge
