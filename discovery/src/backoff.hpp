#pragma once
/// The delay before the next try after failures in a row.

#include <algorithm>
#include <chrono>

namespace rpcforge::discovery {

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
