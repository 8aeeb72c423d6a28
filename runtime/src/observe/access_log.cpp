#include <rpcforge/access_log.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>

namespace rpcforge {
namespace {

/// Bumped by the signal handler; each log compares it with the count it opened at.
std::atomic<unsigned> reopen_requests{0};
static_assert(std::atomic<unsigned>::is_always_lock_free, "the signal handler may only touch lock-free atomics");

extern "C" void request_reopen(int) { reopen_requests.fetch_add(1, std::memory_order_relaxed); }

/// "2026-12-07T04:05:06.123Z"
std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    auto seconds = std::chrono::system_clock::to_time_t(now);
    auto milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    auto length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::string stamp(text, length);
    stamp += '.';
    stamp += std::to_string(1000 + milliseconds).substr(1);
    return stamp += 'Z';
}

double milliseconds(Call::Clock::duration duration) {
    return std::chrono::duration<double, std::milli>(duration).count();
}

/// What went wrong, for the operator: unlike the answer, the log has the text of any exception
/// a handler threw (the answer hides it unless DispatcherOptions::expose_exception_messages).
json error_text(const Call& call) {
    if (!call.error) return nullptr;
    try {
        std::rethrow_exception(call.error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an exception that is not a std::exception";
    }
}

std::string line_of(const Call& call) {
    const auto& connection = call.message->connection;
    const Identity* identity = call.identity();
    json line = {
        {"time", utc_now()},
        {"method", call.method},
        {"id", call.id()},
        {"notification", call.is_notification},
        {"duration_ms", milliseconds(call.duration())},
        {"queued_ms", milliseconds(call.queued())},
        {"code", call.error_code()},
        {"error", error_text(call)},
        {"transport", connection ? connection->transport : ""},
        {"peer", connection ? connection->remote_address : ""},
        {"identity", identity != nullptr ? json(identity->name) : json(nullptr)},
    };
    // Method names and ids come from the network: whatever bytes they hold, the line stays JSON.
    return line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

AccessLog::AccessLog(std::filesystem::path file) : path_(std::move(file)) {
    std::lock_guard lock(mutex_);
    open_file();
}

AccessLog::~AccessLog() {
    if (fd_ >= 0) ::close(fd_);
}

void AccessLog::open_file() {
    opened_generation_ = reopen_requests.load(std::memory_order_relaxed);
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open the access log " + path_.string());
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

void AccessLog::reopen() {
    std::lock_guard lock(mutex_);
    try {
        open_file();
    } catch (const std::system_error&) {
        // Keep writing where we were: a line in the old file beats a lost one.
    }
}

void AccessLog::after(const Call& call) {
    auto line = line_of(call);
    std::lock_guard lock(mutex_);
    if (opened_generation_ != reopen_requests.load(std::memory_order_relaxed)) {
        try {
            open_file();
        } catch (const std::system_error&) {
        }
    }
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        lost_.fetch_add(1, std::memory_order_relaxed);
}

void AccessLog::reopen_on_signals(const std::vector<int>& signals) {
    struct sigaction action {};
    action.sa_handler = request_reopen;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int signal : signals) ::sigaction(signal, &action, nullptr);
}

}  // namespace rpcforge
