#pragma once
// One service module, loaded from a private copy of its file, and unloaded when destroyed.

#include <rpcforge/service_module.hpp>

#include <filesystem>
#include <memory>

namespace rpcforge::detail {

class LoadedModule {
public:
    /// Copies `file` into `copy_directory` and loads the copy. Throws ReloadError naming
    /// `file` and the cause.
    static std::unique_ptr<LoadedModule> load(const std::filesystem::path& file,
                                              const std::filesystem::path& copy_directory);
    /// Destroys the module (its implementation and binding), then unloads the library and
    /// removes the copy: the module's own code runs its destructor.
    ~LoadedModule();
    LoadedModule(const LoadedModule&) = delete;
    LoadedModule& operator=(const LoadedModule&) = delete;

    const ServiceBinding& binding() const { return module_->binding(); }
    /// The copy that is loaded (what /proc/self/maps shows while it is).
    const std::filesystem::path& copy() const { return copy_; }

private:
    LoadedModule(void* handle, std::filesystem::path copy) : handle_(handle), copy_(std::move(copy)) {}

    void* handle_;
    std::filesystem::path copy_;
    std::unique_ptr<ServiceModule> module_;
};

}  // namespace rpcforge::detail
