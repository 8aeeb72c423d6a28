#include "soak/soak_processes.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

namespace rpcforge::soak {

namespace fs = std::filesystem;

ProcessSample sample_process(int pid) {
    auto proc = fs::path("/proc") / std::to_string(pid);
    std::ifstream status(proc / "status");
    if (!status) throw std::runtime_error("process " + std::to_string(pid) + " is gone");
    ProcessSample sample;
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) sample.rss_kib = std::stoul(line.substr(6));
    std::error_code ec;
    for (auto it = fs::directory_iterator(proc / "fd", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        ++sample.fds;
    if (ec) throw std::runtime_error("cannot list the descriptors of process " + std::to_string(pid) + ": " + ec.message());
    return sample;
}

ModuleCopies module_copies(int pid, const std::string& directory) {
    ModuleCopies copies;
    std::ifstream maps(fs::path("/proc") / std::to_string(pid) / "maps");
    if (!maps) throw std::runtime_error("process " + std::to_string(pid) + " is gone");
    std::set<std::string> mapped;
    for (std::string line; std::getline(maps, line);) {
        auto at = line.find(directory);
        if (at != std::string::npos) mapped.insert(line.substr(at));
    }
    copies.mapped = mapped.size();
    std::error_code ec;
    for (auto it = fs::directory_iterator(directory, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        ++copies.on_disk;
    return copies;
}

namespace {

/// `first` goes before what the environment sets (which may override it), `last` after.
void add_options(const char* variable, const std::string& first, const std::string& last) {
    const char* set = std::getenv(variable);
    std::string value = first + (set && *set ? std::string(set) + ":" : "") + last;
    ::setenv(variable, value.c_str(), 1);
}

}  // namespace

void route_sanitizer_reports(const std::string& directory) {
    auto log_path = "log_path=" + (fs::path(directory) / "sanitizer").string();
    // AddressSanitizer holds freed memory back in a quarantine of 256 MB, which fills over
    // minutes and would read as growth of the server's own memory: 16 MB still catches a use
    // after a recent free, and lets the resident size say what the server keeps.
    // report_globals=0: every dlopen of an instrumented library has AddressSanitizer record its
    // globals (to poison their redzones), and dlclose does not give that back; the soak
    // server's module (which links its own copy of the runtime) costs ~200 KiB of it per
    // reload, unmapped module or not, and one reload a second read as the server's growth
    // (docs/testing.md, "The soak"). It turns off the check of overflows of globals in the
    // servers only; every other test keeps it.
    add_options("ASAN_OPTIONS", "quarantine_size_mb=16:report_globals=0:", log_path);
    add_options("UBSAN_OPTIONS", "", log_path);
    add_options("LSAN_OPTIONS", "", log_path);
}

std::vector<std::string> sanitizer_reports(const std::string& directory) {
    std::vector<std::string> reports;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        if (entry.path().filename().string().rfind("sanitizer", 0) != 0) continue;
        std::ifstream file(entry.path());
        std::string text = entry.path().string() + ":";
        std::string line;
        for (int i = 0; i < 12 && std::getline(file, line); ++i) text += "\n    " + line;
        reports.push_back(text);
    }
    return reports;
}

}  // namespace rpcforge::soak
