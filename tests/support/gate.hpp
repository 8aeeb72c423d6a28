#pragma once
// A gate a synchronous handler waits at, holding its thread, until the test opens it; open, it
// lets every waiter through at once. Waits are bounded (10 s) so a failing test cannot hang.

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rpcforge::test {

class Gate {
public:
    void wait() {
        std::unique_lock lock(mutex_);
        ++waiting_;
        changed_.notify_all();
        changed_.wait_for(lock, bound, [&] { return open_; });
    }
    /// True once `count` handlers have come to the gate (in all, let through or not).
    bool wait_for_waiters(int count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, bound, [&] { return waiting_ >= count; });
    }
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }

private:
    static constexpr auto bound = std::chrono::seconds(10);
    std::mutex mutex_;
    std::condition_variable changed_;
    int waiting_ = 0;
    bool open_ = false;
};

}  // namespace rpcforge::test
