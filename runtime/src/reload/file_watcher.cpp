#include "reload/file_watcher.hpp"

#include <sys/stat.h>

namespace rpcforge::detail {

FileStamp stamp_of(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return {};
    return {true, static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            static_cast<long long>(info.st_size), static_cast<unsigned long long>(info.st_ino)};
}

FileWatcher::FileWatcher(std::filesystem::path file, WatchOptions options, std::function<FileStamp()> last_loaded,
                         std::function<void()> reload)
    : file_(std::move(file)),
      options_(std::move(options)),
      last_loaded_(std::move(last_loaded)),
      reload_(std::move(reload)) {
    thread_ = std::thread([this] { run(); });
}

FileWatcher::~FileWatcher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void FileWatcher::run() {
    FileStamp previous = stamp_of(file_);
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
        FileStamp now = stamp_of(file_);
        // Settled (seen the same twice in a row), changed, and there: a file that is missing
        // for a moment (a deployment that removes, then writes) is waited for, not reported.
        bool settled = now == previous;
        previous = now;
        if (!settled || !now.exists || now == last_loaded_()) continue;
        lock.unlock();
        try_reload();
        lock.lock();
    }
}

void FileWatcher::try_reload() {
    std::exception_ptr error;
    try {
        reload_();
    } catch (...) {
        error = std::current_exception();
    }
    if (options_.on_reload) options_.on_reload(error);
}

}  // namespace rpcforge::detail
