#pragma once
/// Hot reload: a service whose implementation lives in a shared library (a service module, see
/// rpcforge/service_module.hpp) and can be swapped for a new build while the server serves.
///
/// Each call runs on the code that is current when its handler starts. A reload loads the new
/// library completely, off to the side, then swaps it in with one pointer exchange: no call waits
/// and none is refused, calls already running finish on the old code, and the old library is
/// unloaded (dlclose) when its last call has returned. A load that fails leaves the old code
/// serving and says why. See docs/hot-reload.md.

#include <rpcforge/dispatcher.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace rpcforge {

namespace detail {
struct ReloadState;
class FileWatcher;
}  // namespace detail

/// A service module could not be loaded: the file, and why. Whatever served before still does.
class ReloadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReloadableServiceOptions {
    /// Where each load copies the library before opening it: the copy is what makes a rebuilt
    /// file at the same path load again (dlopen would hand back the library already open), and
    /// what keeps the running code safe from a build that overwrites the file in place. Each
    /// copy is removed when its library is unloaded.
    std::filesystem::path copy_directory = std::filesystem::temp_directory_path();
};

struct WatchOptions {
    /// How often the file is looked at. A change is loaded once two looks in a row agree on it,
    /// so a file still being written is not loaded half-done.
    std::chrono::milliseconds interval{std::chrono::milliseconds(500)};
    /// Called on the watching thread after each reload the watch makes: null on success, the
    /// ReloadError otherwise.
    std::function<void(std::exception_ptr error)> on_reload{};
};

class ReloadableService {
public:
    /// Loads `library`. Throws ReloadError when it cannot.
    explicit ReloadableService(std::filesystem::path library, ReloadableServiceOptions options = {});
    /// Stops watching. The dispatcher's handlers refer to this object: stop the server first.
    /// Libraries still running a call are unloaded when it returns.
    ~ReloadableService();
    ReloadableService(const ReloadableService&) = delete;
    ReloadableService& operator=(const ReloadableService&) = delete;

    /// Registers on `dispatcher` one handler per method of the service as loaded now, each
    /// forwarding to the current code. Every later build must offer the same methods.
    /// Throws std::invalid_argument when a name is registered already.
    void add_to(Dispatcher& dispatcher) const;

    /// Loads the file again and swaps it in; returns once new calls run on it. Throws
    /// ReloadError when the file is missing or not a service module, the module's factory
    /// throws, or its methods differ from those registered (a dispatcher cannot gain or lose
    /// methods while serving); the code already loaded then keeps serving. Safe from any thread;
    /// reloads run one at a time.
    void reload();

    /// Reloads whenever the file changes, on a thread of its own, until stop_watching() or
    /// destruction. Replaces an earlier watch. Throws std::invalid_argument for an interval
    /// that is not positive.
    void watch(WatchOptions options = {});
    void stop_watching();

    /// 1 once constructed, one more after each successful reload.
    std::uint64_t generation() const;
    /// Libraries loaded now: the current one, and old ones still running calls.
    std::size_t loaded_libraries() const;
    /// The names of the service's methods.
    std::vector<std::string> methods() const;
    const std::filesystem::path& library() const { return library_; }

private:
    std::filesystem::path library_;
    ReloadableServiceOptions options_;
    std::shared_ptr<detail::ReloadState> state_;
    std::unique_ptr<detail::FileWatcher> watcher_;
};

}  // namespace rpcforge
