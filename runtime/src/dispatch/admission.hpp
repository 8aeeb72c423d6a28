#pragma once
// Turns for the calls of capped and exclusive methods (MethodPolicy): a call that may not run
// yet waits in a queue, holding no thread, and is started when a call that leaves makes room.

#include <rpcforge/method_policy.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace rpcforge::detail {

class Admission {
public:
    /// Identifies a method (the dispatcher's entry for it).
    using Method = const void*;

    /// From now on every call is counted, so an exclusive one can know when it runs alone.
    void count_every_call() { counts_every_call_ = true; }
    /// Whether calls under `policy` must enter() and leave().
    bool governs(const MethodPolicy& policy) const {
        return counts_every_call_ || policy.max_concurrent != 0 || policy.exclusive;
    }

    /// True: the call may run now, and is counted as running. False: `start` is queued and
    /// will be called (counted by then) from a later leave(), on the leaving thread.
    bool enter(Method method, const MethodPolicy& policy, std::function<void()> start);
    /// A call that entered has finished; starts the waiting calls that now may run, in order.
    void leave(Method method, const MethodPolicy& policy);

private:
    struct Waiting {
        Method method;
        MethodPolicy policy;
        std::function<void()> start;
    };

    bool may_run(Method method, const MethodPolicy& policy) const;
    void count_in(Method method, const MethodPolicy& policy);

    bool counts_every_call_ = false;  // set before serving, read-only after
    std::mutex mutex_;
    std::unordered_map<Method, std::size_t> running_per_method_;
    std::unordered_map<Method, std::size_t> waiting_per_method_;
    std::size_t running_ = 0;
    bool exclusive_running_ = false;
    std::size_t exclusive_waiting_ = 0;
    std::deque<Waiting> waiting_;
};

}  // namespace rpcforge::detail
