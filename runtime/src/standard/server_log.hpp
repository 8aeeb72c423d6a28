#pragma once
// The standard server's own messages ("listening on", "stopping"): to stdout, to stderr in
// stdio mode (stdout carries JSON-RPC there), to a file, or nowhere.

#include <rpcforge/standard_server.hpp>

#include <fstream>
#include <iostream>
#include <mutex>
#include <string>

namespace rpcforge::detail {

class ServerLog {
public:
    explicit ServerLog(const StandardServerSettings& settings) {
        if (settings.quiet) return;
        if (!settings.log_file.empty()) {
            file_.open(settings.log_file, std::ios::app);
            wanted_file_ = true;
            if (file_) stream_ = &file_;
            return;
        }
        stream_ = settings.mode == "stdio" ? &std::cerr : &std::cout;
    }
    /// False when a log file was asked for and cannot be written.
    bool ok() const { return !wanted_file_ || file_.is_open(); }
    /// Prefork's messages come from its own thread.
    void operator()(const std::string& message) {
        std::lock_guard lock(mutex_);
        if (stream_) *stream_ << message << std::endl;
    }

private:
    std::mutex mutex_;
    std::ofstream file_;
    bool wanted_file_ = false;
    std::ostream* stream_ = nullptr;
};

}  // namespace rpcforge::detail
