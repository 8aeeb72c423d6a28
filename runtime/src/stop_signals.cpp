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

}  // namespace rpcforge
