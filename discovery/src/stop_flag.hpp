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

    /// A call went out through a StoreLink of this flag; one was answered (or failed).
    void sent() {
        std::lock_guard lock(mutex_);
        ++sent_;
    }
    void answered() {
        {
            std::lock_guard lock(mutex_);
            ++answers_;
        }
        changed_.notify_all();
    }
    /// Waits until every call sent has been answered, or `deadline`; true when they have.
    bool wait_for_answers(Clock::time_point deadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_until(lock, deadline, [&] { return answers_ >= sent_; });
    }

    /// Makes one call through a StoreLink of this flag (`call` returns the typed future of a
    /// generated `_async` method) and waits for its answer unless stopped first: the result
    /// (or the call's exception), or nullopt when stopped. The typed futures are deferred,
    /// so the wait is for every call sent to have been answered (an earlier call's report may
    /// come after its future was read); the thread that waits is the only one calling.
    template <class Call>
    auto await(Call&& call) -> std::optional<decltype(call().get())> {
        auto typed = call();
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopped_ || answers_ >= sent_; });
            if (answers_ < sent_) return std::nullopt;
        }
        return typed.get();
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool stopped_ = false;
    std::uint64_t sent_ = 0;
    std::uint64_t answers_ = 0;
};

}  // namespace rpcforge::discovery
