#pragma once
/// The access log: one JSON line per call and notification, appended to a file, reopened on
/// SIGHUP or SIGUSR1 so that logrotate can move it away. Off unless made. See
/// docs/observability.md.
///
///     auto log = std::make_shared<rpcforge::AccessLog>("/var/log/calc/access.log");
///     rpcforge::AccessLog::reopen_on_signals();   // once, in main, before threads start
///     dispatcher.use(log);                         // first: it then sees every call

#include <rpcforge/middleware.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace rpcforge {

class AccessLog final : public Middleware {
public:
    /// Opens `file` for appending, creating it (mode 0640) if need be. Throws std::system_error
    /// naming the file when it cannot be opened.
    explicit AccessLog(std::filesystem::path file);
    ~AccessLog() override;
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    /// Writes the call's line: {"time", "method", "id", "notification", "duration_ms",
    /// "queued_ms", "code" (0: success), "error" (the failure's text, also that of an
    /// unexpected exception the answer does not show; null on success), "transport", "peer",
    /// "identity"}. One write(2) per
    /// line on a file opened O_APPEND, so processes sharing the file (prefork) never mix lines.
    void after(const Call& call) override;

    /// Closes the file and opens its path again (after logrotate renamed it). Thread-safe.
    void reopen();
    /// Lines that could not be written (disk full, file gone bad); calls go on regardless.
    std::uint64_t lost_lines() const { return lost_.load(std::memory_order_relaxed); }

    /// Installs a handler for `signals` that makes every AccessLog of the process reopen its
    /// file before its next line. The handler only bumps a counter (async-signal-safe).
    /// Signals a StopSignals or a Prefork waits for are theirs: in prefork mode SIGHUP
    /// restarts the workers, which open the file anew.
    static void reopen_on_signals(const std::vector<int>& signals = {SIGHUP, SIGUSR1});

private:
    void open_file();

    std::filesystem::path path_;
    std::mutex mutex_;
    int fd_ = -1;                  // guarded by mutex_
    unsigned opened_generation_;  // guarded by mutex_: the reopen signal count it opened at
    std::atomic<std::uint64_t> lost_{0};
};

}  // namespace rpcforge
