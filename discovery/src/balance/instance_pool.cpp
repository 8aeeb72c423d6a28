#include "balance/instance_pool.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace rpcforge::balance {

InstancePool::InstancePool(const BalancedChannelOptions& options, boost::asio::any_io_executor reaper)
    : options_(options), reaper_(std::move(reaper)) {}

std::shared_ptr<Member> InstancePool::make_member(ServiceInstance instance) const {
    return std::shared_ptr<Member>(new Member(std::move(instance)), [reaper = reaper_](Member* member) {
        boost::asio::post(reaper, [member] { delete member; });
    });
}

void InstancePool::update(std::vector<ServiceInstance> live) {
    std::sort(live.begin(), live.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    std::vector<std::shared_ptr<Member>> gone;  // closed outside the lock
    std::lock_guard lock(mutex_);
    if (closed_) return;
    std::vector<std::shared_ptr<Member>> members;
    for (auto& instance : live) {
        auto same = std::find_if(members_.begin(), members_.end(),
                                 [&](const auto& member) { return member && member->instance == instance; });
        members.push_back(same != members_.end() ? std::move(*same) : make_member(std::move(instance)));
    }
    for (auto& member : members_)
        if (member) (member->outstanding > 0 ? retired_ : gone).push_back(std::move(member));
    members_ = std::move(members);
    std::erase_if(retired_, [&](auto& member) { return member->outstanding == 0 && (gone.push_back(member), true); });
    retired_count_ = retired_.size();
}

void InstancePool::prune() {
    if (retired_count_ == 0) return;
    std::vector<std::shared_ptr<Member>> gone;  // let go of outside the lock
    std::lock_guard lock(mutex_);
    std::erase_if(retired_, [&](auto& member) { return member->outstanding == 0 && (gone.push_back(member), true); });
    retired_count_ = retired_.size();
}

std::shared_ptr<Member> InstancePool::pick(const std::vector<std::string>& tried) {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    std::shared_ptr<Member> best, fallback;
    std::size_t best_index = 0;
    for (std::size_t step = 0; step < members_.size(); ++step) {
        std::size_t index = (cursor_ + step) % members_.size();
        const auto& member = members_[index];
        if (std::find(tried.begin(), tried.end(), member->instance.id) != tried.end()) continue;
        if (ejected(*member, now)) {
            if (!fallback || member->ejected_until < fallback->ejected_until) fallback = member;
            continue;
        }
        if (!best || member->outstanding < best->outstanding) {
            best = member;
            best_index = index;
        }
        if (options_.balancing == Balancing::round_robin) break;
    }
    if (!best) return fallback;
    cursor_ = best_index + 1;
    return best;
}

std::shared_ptr<Client> InstancePool::connect(Member& member, std::chrono::milliseconds within) const {
    std::lock_guard lock(member.connect_mutex);
    if (!member.client || !member.client->is_connected()) {
        auto options = options_.client;
        options.connect_timeout = std::max(std::min(options.connect_timeout, within), std::chrono::milliseconds(1));
        member.client = std::make_shared<Client>(member.instance.endpoint, std::move(options));
    }
    return member.client;
}

void InstancePool::eject(Member& member) {
    ++member.failures;
    std::lock_guard lock(mutex_);
    member.failed_last_time = true;
    auto time = std::max(member.next_ejection, options_.eject_time);
    member.ejected_until = Clock::now() + time;
    member.next_ejection = std::min(time * 2, options_.max_eject_time);
}

void InstancePool::succeeded(Member& member) {
    if (!member.failed_last_time.exchange(false)) return;
    std::lock_guard lock(mutex_);
    member.next_ejection = options_.eject_time;
}

std::vector<BalancedChannel::InstanceStatus> InstancePool::status() const {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    std::vector<BalancedChannel::InstanceStatus> status;
    for (const auto& member : members_) {
        BalancedChannel::InstanceStatus one;
        one.instance = member->instance;
        // A member busy connecting is not connected yet; waiting for it would hold every pick.
        if (std::unique_lock connect_lock(member->connect_mutex, std::try_to_lock); connect_lock)
            one.connected = member->client && member->client->is_connected();
        one.ejected = ejected(*member, now);
        one.outstanding = member->outstanding;
        one.calls = member->calls;
        one.failures = member->failures;
        status.push_back(std::move(one));
    }
    return status;
}

void InstancePool::close() {
    std::vector<std::shared_ptr<Member>> gone;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        gone.swap(members_);
        gone.insert(gone.end(), retired_.begin(), retired_.end());
        retired_.clear();
        retired_count_ = 0;
    }
    // A call in flight holds its instance, and through it the connection: closing is what ends it.
    for (const auto& member : gone) {
        std::lock_guard lock(member->connect_mutex);
        if (member->client) member->client->close();
    }
}

}  // namespace rpcforge::balance
