#pragma once
/// The library side of hot reload: a service built as a shared library (a "service module")
/// that a ReloadableService (rpcforge/hot_reload.hpp) loads, and loads again when it changes.
///
/// A module exports one entry point, made by RPCFORGE_EXPORT_SERVICE:
///
///     std::unique_ptr<rpcforge::ServiceModule> make() {
///         return rpcforge::make_service_module(std::make_unique<MyCalculator>(),
///                                              [](MyCalculator& impl) { return calc::bind(impl); });
///     }
///     RPCFORGE_EXPORT_SERVICE(make)
///
/// Build it with add_rpc_service_module() (cmake/AddRpcService.cmake), which keeps the module's
/// copy of the runtime private to it. See docs/hot-reload.md.

#include <rpcforge/context.hpp>
#include <rpcforge/generated.hpp>
#include <rpcforge/json.hpp>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#define RPCFORGE_STRINGIZE_(x) RPCFORGE_STRINGIZE2_(x)
#define RPCFORGE_STRINGIZE2_(x) #x

namespace rpcforge {

/// A loaded service: the implementation and its binding, whose handlers refer to it. Destroyed
/// as one, before its library is unloaded; nothing it started may outlive its destructor.
class ServiceModule {
public:
    virtual ~ServiceModule() = default;
    virtual const ServiceBinding& binding() const = 0;
};

/// The usual ServiceModule: owns an implementation and the binding made from it.
template <class Impl>
class OwningServiceModule final : public ServiceModule {
public:
    /// `bind` makes the binding from the implementation (generated code's `bind(impl)`).
    template <class Bind>
    OwningServiceModule(std::unique_ptr<Impl> impl, Bind&& bind)
        : impl_(std::move(impl)), binding_(std::forward<Bind>(bind)(*impl_)) {}
    // The binding goes first: its handlers refer to the implementation.
    ~OwningServiceModule() override { binding_ = ServiceBinding(); }

    const ServiceBinding& binding() const override { return binding_; }

private:
    std::unique_ptr<Impl> impl_;
    ServiceBinding binding_;
};

template <class Impl, class Bind>
std::unique_ptr<ServiceModule> make_service_module(std::unique_ptr<Impl> impl, Bind&& bind) {
    return std::make_unique<OwningServiceModule<Impl>>(std::move(impl), std::forward<Bind>(bind));
}

namespace detail {

/// What a module and the process that loads it must share to pass C++ objects to each other:
/// the same compiler and standard library, and the same layout of the runtime's types. A
/// module built otherwise is refused when loaded, with the difference named, instead of
/// crashing later. (The same rpcforge sources are still the user's responsibility; the sizes
/// catch the likeliest drift.)
struct ServiceModuleAbi {
    const char* compiler;
    std::size_t sizes[4];
};

inline ServiceModuleAbi service_module_abi() {
    return {"rpcforge service module 1, " __VERSION__ ", cxx11 abi " RPCFORGE_STRINGIZE_(_GLIBCXX_USE_CXX11_ABI),
            {sizeof(ServiceBinding), sizeof(ServiceBinding::Method), sizeof(CallContext), sizeof(json)}};
}

/// The entry point's name and signature. On success it stores the module in `*out` and returns 0;
/// otherwise it writes why into `error` (at most `error_size` bytes, terminated) and returns 1.
inline constexpr const char* service_module_entry = "rpcforge_service_module_v1";
using ServiceModuleEntry = int (*)(const ServiceModuleAbi* host, ServiceModule** out, char* error,
                                   std::size_t error_size);

template <class Factory>
int run_service_factory(Factory& factory, const ServiceModuleAbi* host, ServiceModule** out, char* error,
                        std::size_t error_size) noexcept {
    const ServiceModuleAbi own = service_module_abi();
    if (std::strcmp(host->compiler, own.compiler) != 0) {
        std::snprintf(error, error_size, "built by \"%s\", but the host by \"%s\"", own.compiler, host->compiler);
        return 1;
    }
    if (std::memcmp(host->sizes, own.sizes, sizeof own.sizes) != 0) {
        std::snprintf(error, error_size, "built against other rpcforge headers than the host (type sizes differ)");
        return 1;
    }
    try {
        std::unique_ptr<ServiceModule> module = factory();
        if (!module) {
            std::snprintf(error, error_size, "the factory returned no module");
            return 1;
        }
        *out = module.release();
        return 0;
    } catch (const std::exception& e) {
        std::snprintf(error, error_size, "the factory threw: %s", e.what());
    } catch (...) {
        std::snprintf(error, error_size, "the factory threw an exception that is not a std::exception");
    }
    return 1;
}

}  // namespace detail
}  // namespace rpcforge

/// Exports `factory` (a function returning std::unique_ptr<rpcforge::ServiceModule>) as the
/// module's entry point. Use once per module, at namespace scope. Exceptions never cross it.
#define RPCFORGE_EXPORT_SERVICE(factory)                                                                          \
    extern "C" __attribute__((visibility("default"))) int rpcforge_service_module_v1(                            \
        const ::rpcforge::detail::ServiceModuleAbi* host, ::rpcforge::ServiceModule** out, char* error,          \
        std::size_t error_size) noexcept {                                                                        \
        return ::rpcforge::detail::run_service_factory(factory, host, out, error, error_size);                   \
    }
