#pragma once
// What the soak reads of the server processes it runs: resident memory and open descriptors
// from /proc, and the sanitizer reports they wrote (each to a file of its own, by pid).

#include <cstddef>
#include <string>
#include <vector>

namespace rpcforge::soak {

struct ProcessSample {
    std::size_t rss_kib = 0;  ///< VmRSS
    std::size_t fds = 0;      ///< entries of /proc/PID/fd
};

/// Reads /proc/PID; throws std::runtime_error when the process is gone.
ProcessSample sample_process(int pid);

/// Makes every process started from now on write its AddressSanitizer, LeakSanitizer and
/// UndefinedBehaviorSanitizer reports under `directory` (files named sanitizer.PID) rather
/// than to stderr, keeping whatever other options the environment already sets; and keeps
/// AddressSanitizer's quarantine small enough that resident memory measures the server.
void route_sanitizer_reports(const std::string& directory);

/// The reports found under `directory`: each file's name and its first lines.
std::vector<std::string> sanitizer_reports(const std::string& directory);

}  // namespace rpcforge::soak
