#include "transport/stream/timeouts.hpp"


namespace rpcforge::detail {

bool DeadlineClock::received(bool unfinished) {
    last_activity_ = clock::now();
    if (!unfinished) return partial_ = false;
    if (partial_) return false;
    partial_ = true;
    partial_since_ = last_activity_;
    return true;
}

void DeadlineClock::answered() {
    answers_posted_.fetch_sub(1, std::memory_order_acq_rel);
    last_activity_ = clock::now();
}

void DeadlineClock::resumed() { partial_since_ = clock::now(); }

std::string DeadlineClock::check(bool reading, bool busy, clock::time_point& next) const {
    auto now = clock::now();
    // While neither deadline runs (a request in flight), look again after the shorter one.
    auto shorter = timeouts_.idle.count() == 0   ? timeouts_.read
                   : timeouts_.read.count() == 0 ? timeouts_.idle
                                                 : std::min(timeouts_.idle, timeouts_.read);
    next = now + shorter;
    if (timeouts_.read.count() > 0 && partial_ && reading) {
        if (now >= read_due())
            return "read timeout: a message was not finished within " + std::to_string(timeouts_.read.count()) + " ms";
        next = std::min(next, read_due());
    }
    if (timeouts_.idle.count() > 0 && !busy && !partial_ && answers_posted_.load(std::memory_order_acquire) == 0) {
        auto due = last_activity_ + timeouts_.idle;
        if (now >= due) return "idle timeout: nothing received for " + std::to_string(timeouts_.idle.count()) + " ms";
        next = std::min(next, due);
    }
    return {};
}

}  // namespace rpcforge::detail
