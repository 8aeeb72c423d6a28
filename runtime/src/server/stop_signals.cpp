#include <rpcforge/stop_signals.hpp>

#include <pthread.h>

namespace rpcforge {

StopSignals::StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int StopSignals::wait() {
    int signal = 0;
    sigwait(&signals_, &signal);
    return signal;
}

int StopSignals::wait_for(std::chrono::milliseconds timeout) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    timespec wait{static_cast<time_t>(seconds.count()),
                  static_cast<long>(std::chrono::nanoseconds(timeout - seconds).count())};
    int signal = sigtimedwait(&signals_, nullptr, &wait);
    return signal > 0 ? signal : 0;
}

}  // namespace rpcforge
