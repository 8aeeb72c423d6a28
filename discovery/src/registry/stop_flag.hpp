#pragma once
/// Tells a background thread to stop, and lets it wait (for time, or for a call's answer) in a
/// way the stop cuts short, so that destroying a Registration or a Watch never waits for a
/// call. Answers reach it through StoreLink, whose connections report each answer here.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace rpcforge::discovery {

class StopFlag {
public:
    using Clock = std::chrono::steady_clock;

    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        changed_.notify_all();
    }
    bool stopped() const {
        std::lock_guard lock(mutex_);
        return stopped_;
    }
    /// Waits until `deadline` unless stopped first; true when stopped.
    bool wait_until(Clock::time_point deadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_until(lock, deadline, [this] { return stopped_; });
    }
    bool wait_for(Clock::duration duration) { return wait_until(Clock::now() + duration); }

    /// A call made through a StoreLink of this flag was answered (or failed).
    void answered() {
        {
            std::lock_guard lock(mutex_);
            ++answers_;
        }
        changed_.notify_all();
    }
    std::uint64_t answers() const {
        std::lock_guard lock(mutex_);
        return answers_;
    }
    /// Waits until `count` answers in all have come, or `deadline`; true when they have.
    bool wait_for_answers(std::uint64_t count, Clock::time_point deadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_until(lock, deadline, [&] { return answers_ >= count; });
    }

    /// Makes one call through a StoreLink of this flag (`call` returns the typed future of a
    /// generated `_async` method) and waits for its answer unless stopped first: the result
    /// (or the call's exception), or nullopt when stopped. The typed futures are deferred,
    /// hence the count of answers rather than the future itself. One call at a time.
    template <class Call>
    auto await(Call&& call) -> std::optional<decltype(call().get())> {
        const auto seen = answers();
        auto typed = call();
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopped_ || answers_ != seen; });
            if (answers_ == seen) return std::nullopt;
        }
        return typed.get();
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool stopped_ = false;
    std::uint64_t answers_ = 0;
};

}  // namespace rpcforge::discovery
