// The balancing channel: picks an instance per call, sends it there, and on a failure decides
// whether the call may go to another instance (docs/scale-out.md, "What a failure does").
// An answer completes the caller's call right on the instance's I/O thread; a failure is
// handed to the channel's own thread, since trying elsewhere may connect, which blocks.

#include <rpcforge/balanced_channel.hpp>

#include "balance/instance_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <stdexcept>
#include <thread>

namespace rpcforge {

namespace asio = boost::asio;
using balance::Clock;
using balance::Member;
using std::chrono::milliseconds;

namespace {

/// One call on its way: where it has been tried, until when it may be tried.
struct BalancedCall {
    std::string method;
    json params;
    CallOptions options;
    Clock::time_point deadline;
    Channel::Completion done;  // runs once, with the call's outcome
    std::vector<std::string> tried;  // instance ids
    std::size_t sends = 0;
    std::exception_ptr last_failure;  // the call's error if nothing better comes
    std::string failures;             // "; ENDPOINT: why" for each instance that failed
};

std::string describe_instance(const Member& member) {
    const auto& instance = member.instance;
    return instance.id == instance.endpoint ? instance.endpoint : instance.endpoint + " (" + instance.id + ")";
}

}  // namespace

class BalancedChannel::Core : public std::enable_shared_from_this<BalancedChannel::Core> {
public:
    Core(BalancedChannelOptions options, std::string service)
        : options_(std::move(options)), service_(std::move(service)), pool_(options_, io_.get_executor()) {
        if (!options_.client.middleware.empty())
            throw std::invalid_argument("BalancedChannel: ClientOptions::middleware must be empty; wrap the channel");
        // The channel fails over at once to another instance, and ejects and retries one whose
        // connection fails; a client waiting for its own server to come back would defeat both.
        if (options_.client.reconnect.enabled)
            throw std::invalid_argument("BalancedChannel: ClientOptions::reconnect must be off; the channel fails over "
                                        "to other instances instead");
        worker_ = std::thread([this] { io_.run(); });
    }

    balance::InstancePool& pool() { return pool_; }

    void call(const std::string& method, json params, Channel::Completion done, CallOptions options) {
        auto call = std::make_shared<BalancedCall>();
        call->method = method;
        call->params = std::move(params);
        call->options = options;
        call->deadline = Clock::now() + options.time_left(options_.client.peer.call_timeout);
        call->done = std::move(done);
        send(call);
    }

    /// Tries instances until one takes the call, or fails it.
    void send(const std::shared_ptr<BalancedCall>& call) {
        while (true) {
            auto remaining = std::chrono::ceil<milliseconds>(call->deadline - Clock::now());
            if (remaining <= milliseconds(0))
                return fail(call, std::make_exception_ptr(TimeoutError(
                                      service_ + ": no answer to '" + call->method + "' within its timeout" +
                                      call->failures)));
            auto member = call->sends < options_.max_attempts ? pool_.pick(call->tried) : nullptr;
            if (!member) return fail(call, call->last_failure ? call->last_failure : no_instance(*call));
            call->tried.push_back(member->instance.id);
            std::shared_ptr<Client> client;
            try {
                client = pool_.connect(*member, remaining);
            } catch (const std::exception& e) {
                not_sent(*call, *member, e.what());
                continue;
            }
            CallOptions options = call->options;
            options.timeout = remaining;
            ++member->outstanding;
            ++member->calls;
            ++call->sends;
            client->call_then(call->method, call->params, on_answer(call, std::move(member)), options);
            return;
        }
    }

    void notify(const std::string& method, const json& params) {
        std::vector<std::string> tried;
        std::string failures;
        while (auto member = pool_.pick(tried)) {
            tried.push_back(member->instance.id);
            try {
                pool_.connect(*member, options_.client.connect_timeout)->notify(method, params);
                return;
            } catch (const std::exception& e) {
                pool_.eject(*member);
                failures += "; " + describe_instance(*member) + ": " + e.what();
            }
        }
        throw NotSentError(service_ + ": no instance took the notification '" + method + "'" + failures);
    }

    std::vector<std::future<json>> send_batch(const Batch& batch, const CallOptions& options) {
        std::vector<std::string> tried;
        std::string failures;
        while (auto member = pool_.pick(tried)) {
            tried.push_back(member->instance.id);
            try {
                ++member->calls;
                return pool_.connect(*member, options_.client.connect_timeout)->send_batch(batch, options);
            } catch (const std::exception& e) {
                pool_.eject(*member);
                failures += "; " + describe_instance(*member) + ": " + e.what();
            }
        }
        throw NotSentError(service_ + ": no instance took the batch" + failures);
    }

    /// Drops the instances (closing their connections, which fails the calls still waiting),
    /// then lets the channel's thread finish what those failures handed it.
    void shut_down() {
        pool_.close();
        work_.reset();
        worker_.join();
        // A connection closed above may hand its last failures (and with them the last
        // references to their instances, whose deletion comes here) after the thread ran out of
        // work: run what is left, or those instances would never be deleted.
        io_.restart();
        io_.run();
    }

private:
    /// Runs on the instance's I/O thread: an answer completes the call there; a failure goes to
    /// the channel's thread. (The channel outlives every connection: `core` is never the last.)
    Peer::Completion on_answer(std::shared_ptr<BalancedCall> call, std::shared_ptr<Member> member) {
        return [weak = weak_from_this(), call = std::move(call), member = std::move(member)](
                   json result, std::exception_ptr error) mutable {
            auto core = weak.lock();
            if (!core) return;
            --member->outstanding;
            core->pool_.prune();
            if (!error) {
                core->pool_.succeeded(*member);
                return call->done(std::move(result), nullptr);
            }
            asio::post(core->io_, [core, call = std::move(call), member = std::move(member), error]() mutable {
                core->failed(call, *member, error);
            });
        };
    }

    void failed(const std::shared_ptr<BalancedCall>& call, Member& member, std::exception_ptr error) {
        try {
            std::rethrow_exception(error);
        } catch (const NotSentError& e) {
            not_sent(*call, member, e.what());
            return send(call);
        } catch (const ConnectionError& e) {
            pool_.eject(member);
            return lost(call, member, e.what());
        } catch (...) {
            // An error the server answered, or the timeout: the call's own outcome.
            return call->done(nullptr, error);
        }
    }

    /// The connection was lost after the call was sent: it may have run.
    void lost(const std::shared_ptr<BalancedCall>& call, const Member& member, const std::string& why) {
        std::string where = service_ + ": '" + call->method + "' failed on " + describe_instance(member) + ": " + why;
        if (!call->options.idempotent)
            return fail(call, std::make_exception_ptr(ConnectionError(
                                  where + "; not sent again: it may have run, and it is not marked idempotent")));
        call->last_failure = std::make_exception_ptr(ConnectionError(where));
        call->failures += "; " + describe_instance(member) + ": " + why;
        send(call);
    }

    void not_sent(BalancedCall& call, Member& member, const std::string& why) {
        pool_.eject(member);
        call.failures += "; " + describe_instance(member) + ": " + why;
    }

    std::exception_ptr no_instance(const BalancedCall& call) const {
        std::string why = call.tried.empty() ? "no instance is registered" : "no instance could be reached";
        return std::make_exception_ptr(NotSentError(service_ + ": '" + call.method + "' was not sent: " + why +
                                                    call.failures));
    }

    static void fail(const std::shared_ptr<BalancedCall>& call, std::exception_ptr error) {
        call->done(nullptr, std::move(error));
    }

    BalancedChannelOptions options_;
    std::string service_;
    asio::io_context io_;  // the channel's thread: failures, retries, and deleting instances
    asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
    balance::InstancePool pool_;
    std::thread worker_;
};

namespace {

std::string service_of(const std::string& uri) {
    auto parsed = DiscoveryUri::parse(uri);
    if (parsed.service.empty()) throw std::invalid_argument("'" + uri + "' names no service (add /SERVICE)");
    return parsed.service;
}

}  // namespace

BalancedChannel::BalancedChannel(const std::string& uri, BalancedChannelOptions options)
    : BalancedChannel(open_discovery(DiscoveryUri::parse(uri), options.discovery), service_of(uri), options) {}

BalancedChannel::BalancedChannel(std::shared_ptr<Discovery> discovery, std::string service,
                                 BalancedChannelOptions options)
    : core_(std::make_shared<Core>(std::move(options), service)) {
    try {
        core_->pool().update(discovery->resolve(service));
        watch_ = discovery->watch(service, [weak = std::weak_ptr<Core>(core_)](std::vector<ServiceInstance> live) {
            if (auto core = weak.lock()) core->pool().update(std::move(live));
        });
    } catch (...) {
        core_->shut_down();
        throw;
    }
}

BalancedChannel::~BalancedChannel() {
    watch_.reset();
    core_->shut_down();
}

void BalancedChannel::call_then(const std::string& method, json params, Completion done, CallOptions options) {
    core_->call(method, std::move(params), std::move(done), options);
}

void BalancedChannel::notify(const std::string& method, json params) { core_->notify(method, params); }

std::vector<std::future<json>> BalancedChannel::send_batch(const Batch& batch, CallOptions options) {
    return core_->send_batch(batch, options);
}

std::vector<BalancedChannel::InstanceStatus> BalancedChannel::instances() const { return core_->pool().status(); }

std::unique_ptr<Channel> open_channel(const std::string& uri, BalancedChannelOptions options) {
    if (DiscoveryUri::is_discovery(uri)) return std::make_unique<BalancedChannel>(uri, std::move(options));
    return std::make_unique<Client>(uri, std::move(options.client));
}

}  // namespace rpcforge
