#pragma once
// Calls back when a file has changed and then stayed as it is for one interval.

#include <rpcforge/hot_reload.hpp>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rpcforge::detail {

/// What tells two versions of a file apart without reading it.
struct FileStamp {
    bool exists = false;
    long long mtime_ns = 0;
    long long size = 0;
    unsigned long long inode = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

FileStamp stamp_of(const std::filesystem::path& file);

class FileWatcher {
public:
    /// Starts looking at `file` every options.interval on a thread of its own; calls `reload`
    /// there when the file has settled other than `last_loaded()` says it was when last
    /// loaded (reload() records that, tried with success or not), and reports the result to
    /// options.on_reload.
    FileWatcher(std::filesystem::path file, WatchOptions options, std::function<FileStamp()> last_loaded,
                std::function<void()> reload);
    /// Returns once the thread has ended (at once, unless a reload is under way).
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

private:
    void run();
    void try_reload();

    std::filesystem::path file_;
    WatchOptions options_;
    std::function<FileStamp()> last_loaded_;
    std::function<void()> reload_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rpcforge::detail
