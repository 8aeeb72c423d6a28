#include "admission.hpp"

#include <vector>

namespace rpcforge::detail {

bool Admission::may_run(Method method, const MethodPolicy& policy) const {
    if (exclusive_running_) return false;
    if (policy.exclusive) return running_ == 0;
    if (policy.max_concurrent == 0) return true;
    auto running = running_per_method_.find(method);
    return running == running_per_method_.end() || running->second < policy.max_concurrent;
}

void Admission::count_in(Method method, const MethodPolicy& policy) {
    ++running_;
    if (policy.exclusive) exclusive_running_ = true;
    if (policy.max_concurrent != 0) ++running_per_method_[method];
}

bool Admission::enter(Method method, const MethodPolicy& policy, std::function<void()> start) {
    std::lock_guard lock(mutex_);
    // First come, first served: nothing overtakes a waiting exclusive call, nor a waiting call
    // of its own method.
    bool queue_ahead = exclusive_waiting_ != 0 || waiting_per_method_[method] != 0;
    if (!queue_ahead && may_run(method, policy)) {
        count_in(method, policy);
        return true;
    }
    if (policy.exclusive) ++exclusive_waiting_;
    ++waiting_per_method_[method];
    waiting_.push_back({method, policy, std::move(start)});
    return false;
}

void Admission::leave(Method method, const MethodPolicy& policy) {
    std::vector<std::function<void()>> starts;
    {
        std::lock_guard lock(mutex_);
        --running_;
        if (policy.exclusive) exclusive_running_ = false;
        if (policy.max_concurrent != 0) --running_per_method_[method];
        for (auto it = waiting_.begin(); it != waiting_.end();) {
            if (!may_run(it->method, it->policy)) {
                if (it->policy.exclusive) break;  // those behind it wait for it
                ++it;
                continue;
            }
            count_in(it->method, it->policy);
            if (it->policy.exclusive) --exclusive_waiting_;
            --waiting_per_method_[it->method];
            starts.push_back(std::move(it->start));
            it = waiting_.erase(it);
        }
    }
    for (auto& start : starts) start();
}

}  // namespace rpcforge::detail
