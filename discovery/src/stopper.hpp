#pragma once
/// Lets a background thread sleep between rounds and be woken at once to stop.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rpcforge::discovery {

class Stopper {
public:
    /// Sleeps for `duration` or until stop(); returns whether stop() was called.
    bool wait_for(std::chrono::milliseconds duration) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, duration, [this] { return stopped_.load(); });
        return stopped_;
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        changed_.notify_all();
    }
    bool stopped() const { return stopped_; }
    /// For code that polls a flag rather than sleeping here.
    const std::atomic<bool>& flag() const { return stopped_; }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::atomic<bool> stopped_{false};
};

/// Doubles a retry delay after each failure, up to a ceiling; back to the floor on success.
class Backoff {
public:
    Backoff(std::chrono::milliseconds floor, std::chrono::milliseconds ceiling)
        : floor_(floor), ceiling_(ceiling), next_(floor) {}
    std::chrono::milliseconds failed() {
        auto delay = next_;
        next_ = std::min(next_ * 2, ceiling_);
        return delay;
    }
    void succeeded() { next_ = floor_; }

private:
    std::chrono::milliseconds floor_, ceiling_, next_;
};

}  // namespace rpcforge::discovery
