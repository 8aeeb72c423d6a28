#include "store.hpp"

namespace rpcforge::registry {

Store::Store(StoreLimits limits) : limits_(limits), thread_([this] { run(); }) {}

Store::~Store() {
    close_watches();
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Lease Store::add(const std::string& service, Instance instance, std::chrono::seconds ttl) {
    const std::string id = instance.id.value_or(instance.endpoint);
    Answers answers;
    Lease granted;
    {
        std::lock_guard lock(mutex_);
        auto found = services_.find(service);
        const Entry* existing = nullptr;
        if (found != services_.end()) {
            auto entry = found->second.instances.find(id);
            if (entry != found->second.instances.end()) existing = &entry->second;
        }
        if (existing == nullptr && instance_count_ >= limits_.max_instances)
            throw TooManyInstances("the registry holds " + std::to_string(limits_.max_instances) +
                                   " instances, its limit (--max-instances)");
        // Registering again what is registered already changes nothing a client sees: the
        // revision stays, so that watchers are not woken for nothing.
        const bool unchanged = existing != nullptr && existing->instance == instance;
        if (existing != nullptr) {
            auto old = leases_.find(existing->lease);
            expiries_.erase({old->second.expires, old->first});
            leases_.erase(old);
        } else {
            ++instance_count_;
        }
        granted.lease = new_lease_id();
        granted.ttl_seconds = ttl.count();
        const auto expires = Clock::now() + ttl;
        leases_[granted.lease] = LeaseState{service, id, ttl, expires};
        expiries_.insert({expires, granted.lease});
        services_[service].instances[id] = Entry{std::move(instance), granted.lease};
        if (!unchanged) changed(service, answers);
    }
    wake_.notify_all();  // the new lease may be the next to expire
    deliver(answers);
    return granted;
}

std::optional<std::chrono::seconds> Store::renew(const std::string& lease) {
    std::lock_guard lock(mutex_);
    auto found = leases_.find(lease);
    if (found == leases_.end()) return std::nullopt;
    auto& state = found->second;
    expiries_.erase({state.expires, lease});
    state.expires = Clock::now() + state.ttl;
    expiries_.insert({state.expires, lease});
    return state.ttl;  // a later deadline: the store's thread need not wake earlier
}

bool Store::remove(const std::string& lease) {
    Answers answers;
    bool removed = false;
    {
        std::lock_guard lock(mutex_);
        removed = leases_.count(lease) != 0;
        if (removed) drop_lease(lease, answers);
    }
    deliver(answers);
    return removed;
}

Snapshot Store::snapshot(const std::string& service) const {
    std::lock_guard lock(mutex_);
    return snapshot_locked(service);
}

std::vector<std::string> Store::services() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    names.reserve(services_.size());
    for (const auto& [name, service] : services_) names.push_back(name);  // only services with instances are kept
    return names;
}

void Store::watch(const std::string& service, std::int64_t since, std::chrono::milliseconds timeout, WatchDone done) {
    std::unique_lock lock(mutex_);
    auto now = snapshot_locked(service);
    if (now.revision > since || timeout.count() <= 0 || watches_closed_) {
        lock.unlock();
        done(std::move(now));
        return;
    }
    if (waiters_.size() >= limits_.max_watches)
        throw TooManyWatches("the registry has " + std::to_string(limits_.max_watches) +
                             " watches waiting, its limit (--max-watches)");
    waiters_.emplace(next_waiter_++, Waiter{service, since, Clock::now() + timeout, std::move(done)});
    lock.unlock();
    wake_.notify_all();  // this deadline may come before the one the thread waits for
}

void Store::close_watches() {
    Answers answers;
    {
        std::lock_guard lock(mutex_);
        watches_closed_ = true;
        for (auto& [ticket, waiter] : waiters_)
            answers.push_back({std::move(waiter.done), snapshot_locked(waiter.service)});
        waiters_.clear();
    }
    deliver(answers);
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return delivering_ == 0; });
}

std::size_t Store::instance_count() const {
    std::lock_guard lock(mutex_);
    return instance_count_;
}

std::size_t Store::waiting_watches() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

void Store::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        Answers answers;
        expire(Clock::now(), answers);
        if (!answers.empty()) {
            ++delivering_;
            lock.unlock();
            deliver(answers);
            answers.clear();  // the replies, and what they hold of their connections, go now
            lock.lock();
            --delivering_;
            wake_.notify_all();  // close_watches() may be waiting for this
            continue;
        }
        if (auto next = next_deadline())
            wake_.wait_until(lock, *next);
        else
            wake_.wait(lock);
    }
}

void Store::drop_lease(const std::string& lease, Answers& answers) {
    auto found = leases_.find(lease);
    const LeaseState state = found->second;
    expiries_.erase({state.expires, lease});
    leases_.erase(found);
    auto service = services_.find(state.service);
    service->second.instances.erase(state.id);
    --instance_count_;
    changed(state.service, answers);
    // An empty service is forgotten, so that names registered once cost nothing afterwards;
    // its watchers were just answered, and its revision reads 0 from now on.
    if (service->second.instances.empty()) services_.erase(service);
}

void Store::changed(const std::string& service, Answers& answers) {
    services_[service].revision = ++revision_;
    const Snapshot now = snapshot_locked(service);
    for (auto waiter = waiters_.begin(); waiter != waiters_.end();) {
        if (waiter->second.service == service && now.revision > waiter->second.since) {
            answers.push_back({std::move(waiter->second.done), now});
            waiter = waiters_.erase(waiter);
        } else {
            ++waiter;
        }
    }
}

void Store::expire(Clock::time_point now, Answers& answers) {
    while (!expiries_.empty() && expiries_.begin()->first <= now) {
        const std::string lease = expiries_.begin()->second;
        drop_lease(lease, answers);
    }
    for (auto waiter = waiters_.begin(); waiter != waiters_.end();) {
        if (waiter->second.deadline <= now) {
            answers.push_back({std::move(waiter->second.done), snapshot_locked(waiter->second.service)});
            waiter = waiters_.erase(waiter);
        } else {
            ++waiter;
        }
    }
}

std::optional<Store::Clock::time_point> Store::next_deadline() const {
    std::optional<Clock::time_point> next;
    if (!expiries_.empty()) next = expiries_.begin()->first;
    // At most max_watches of them: a scan costs less than keeping a second index in step.
    for (const auto& [ticket, waiter] : waiters_)
        if (!next || waiter.deadline < *next) next = waiter.deadline;
    return next;
}

Snapshot Store::snapshot_locked(const std::string& service) const {
    Snapshot snapshot;
    auto found = services_.find(service);
    if (found == services_.end()) return snapshot;
    snapshot.revision = found->second.revision;
    snapshot.instances.reserve(found->second.instances.size());
    for (const auto& [id, entry] : found->second.instances) snapshot.instances.push_back(entry.instance);
    return snapshot;
}

std::string Store::new_lease_id() {
    static constexpr char digits[] = "0123456789abcdef";
    std::string id;
    for (int word = 0; word < 4; ++word) {
        std::uint32_t bits = random_();
        for (int digit = 0; digit < 8; ++digit, bits >>= 4) id += digits[bits & 15];
    }
    return id;
}

void Store::deliver(Answers& answers) {
    for (auto& answer : answers) {
        // Each reply goes as soon as it has answered: it holds on to its connection.
        auto done = std::move(answer.done);
        try {
            done(std::move(answer.snapshot));
        } catch (...) {
            // An answer that cannot be given (its connection is gone) concerns nobody else.
        }
    }
}

}  // namespace rpcforge::registry
