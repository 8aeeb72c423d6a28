#include "reload/loaded_module.hpp"

#include <rpcforge/hot_reload.hpp>

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace rpcforge::detail {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& file, const std::string& why) {
    throw ReloadError("cannot load service module " + file.string() + ": " + why);
}

/// A fresh file in `directory` holding a copy of `file`: a new name per load, so that dlopen
/// maps the new build instead of returning the library already open under the old name.
fs::path copy_to_unique_file(const fs::path& file, const fs::path& directory) {
    std::error_code ec;
    auto status = fs::status(file, ec);
    if (status.type() == fs::file_type::not_found) fail(file, "no such file");
    if (status.type() != fs::file_type::regular) fail(file, ec ? ec.message() : "not a regular file");
    std::string name = (directory / ("rpcforge-" + file.stem().string() + "-XXXXXX.so")).string();
    int fd = ::mkstemps(name.data(), 3);
    if (fd < 0) fail(file, "cannot make a copy in " + directory.string() + ": " + std::strerror(errno));
    ::close(fd);
    fs::copy_file(file, name, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        fs::remove(name, ec);
        fail(file, "cannot copy it to " + name + ": " + ec.message());
    }
    return name;
}

}  // namespace

std::unique_ptr<LoadedModule> LoadedModule::load(const fs::path& file, const fs::path& copy_directory) {
    fs::path copy = copy_to_unique_file(file, copy_directory);
    // RTLD_NOW: an unresolved symbol fails here, not in the middle of a call later. RTLD_LOCAL:
    // nothing of the module is seen by libraries loaded after it. (RTLD_DEEPBIND would keep the
    // module off the host's symbols too, but the sanitizers refuse it; the module hides its
    // copy of the runtime instead, see add_rpc_service_module().)
    void* handle = ::dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        std::error_code ignored;
        fs::remove(copy, ignored);
        fail(file, why != nullptr ? why : "dlopen failed");
    }
    // From here on the destructor unloads and removes the copy on every failure.
    std::unique_ptr<LoadedModule> loaded(new LoadedModule(handle, copy));
    auto entry = reinterpret_cast<ServiceModuleEntry>(::dlsym(handle, service_module_entry));
    if (entry == nullptr)
        fail(file, std::string("no entry point ") + service_module_entry + " (export one with RPCFORGE_EXPORT_SERVICE)");
    const ServiceModuleAbi host = service_module_abi();
    ServiceModule* module = nullptr;
    std::array<char, 1024> error{};
    if (entry(&host, &module, error.data(), error.size()) != 0 || module == nullptr) fail(file, error.data());
    loaded->module_.reset(module);
    return loaded;
}

LoadedModule::~LoadedModule() {
    module_.reset();
    ::dlclose(handle_);
    std::error_code ignored;
    fs::remove(copy_, ignored);
}

}  // namespace rpcforge::detail
