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

/// The copies of the service module that a server made in its copy directory: how many it has
/// mapped (/proc/PID/maps) and how many are on disk. Once no call runs, one of each: every
/// older build unloaded (dlclose really unmapping it) and its copy removed.
struct ModuleCopies {
    std::size_t mapped = 0;
    std::size_t on_disk = 0;
};
ModuleCopies module_copies(int pid, const std::string& directory);

/// Reads /proc/PID; throws std::runtime_error when the process is gone.
ProcessSample sample_process(int pid);

/// Makes every process started from now on write its AddressSanitizer, LeakSanitizer and
/// UndefinedBehaviorSanitizer reports under `directory` (files named sanitizer.PID) rather
/// than to stderr, keeping whatever other options the environment already sets; and keeps
/// AddressSanitizer's quarantine small enough, and its records of loaded libraries' globals
/// off, so that resident memory measures the server.
void route_sanitizer_reports(const std::string& directory);

/// The reports found under `directory`: each file's name and its first lines.
std::vector<std::string> sanitizer_reports(const std::string& directory);

}  // namespace rpcforge::soak
