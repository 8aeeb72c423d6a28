#pragma once
/// The delay before the next try after failures in a row: exponential, capped, with jitter.
/// Header-only and public (detail), for the runtime (a client reconnecting) and the libraries
/// above it (discovery's etcd retries), which use only the runtime's public headers.

#include <algorithm>
#include <chrono>
#include <random>

namespace rpcforge::detail {

/// Multiplies a retry delay after each failure, up to a ceiling; back to the floor on success.
/// With jitter j, each delay given is the nominal one times a random factor in [1 - j, 1 + j],
/// so that many clients that lost the same server do not all come back at the same instant.
class Backoff {
public:
    Backoff(std::chrono::milliseconds floor, std::chrono::milliseconds ceiling, double multiplier = 2.0,
            double jitter = 0.0)
        : floor_(floor), ceiling_(std::max(floor, ceiling)), next_(floor), multiplier_(std::max(multiplier, 1.0)),
          jitter_(std::clamp(jitter, 0.0, 1.0)) {}

    std::chrono::milliseconds failed() {
        auto delay = next_;
        next_ = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(next_ * multiplier_), ceiling_);
        return jittered(delay);
    }
    void succeeded() { next_ = floor_; }

private:
    std::chrono::milliseconds jittered(std::chrono::milliseconds delay) {
        if (jitter_ == 0.0) return delay;
        std::uniform_real_distribution<double> factor(1.0 - jitter_, 1.0 + jitter_);
        return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(delay.count() * factor(random_)));
    }

    std::chrono::milliseconds floor_, ceiling_, next_;
    double multiplier_;
    double jitter_;
    std::minstd_rand random_{std::random_device{}()};
};

}  // namespace rpcforge::detail
