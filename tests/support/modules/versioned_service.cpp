// A service module for the hot reload tests, built several times with different definitions:
//   RPCFORGE_TEST_VERSION "v1" / "v2"   what `version` answers
//   RPCFORGE_TEST_FACTORY_THROWS        the factory throws instead of making the service
//   RPCFORGE_TEST_OTHER_METHODS         one more method than the others have
//   RPCFORGE_TEST_NO_ENTRY              no entry point at all: not a service module
//   RPCFORGE_TEST_ASYNC_METHOD          one method answers later, through a Reply

#include <rpcforge/service_module.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

class VersionedService {
public:
    explicit VersionedService(std::string version) : version_(std::move(version)) {}

    const std::string& version() const { return version_; }

    /// Creates the file `started`, then waits (at most 30 s) for the file `release`: a call
    /// the test can keep running on this build for as long as it needs.
    std::string slow(const std::string& started, const std::string& release) const {
        std::ofstream(started) << version_;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!std::filesystem::exists(release) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return version_ + " slow";
    }

private:
    std::string version_;
};

rpcforge::ServiceBinding bind(VersionedService& service) {
    using rpcforge::Params;
    using rpcforge::ParamStructure;
    rpcforge::ServiceBinding binding;
    binding.add("version", [&service](const rpcforge::json& params, rpcforge::CallContext&) -> rpcforge::json {
        rpcforge::expect_no_params(params);
        return service.version();
    });
    binding.add("slow", [&service](const rpcforge::json& params, rpcforge::CallContext&) -> rpcforge::json {
        Params p(params, {"started", "release"}, ParamStructure::either);
        return service.slow(p.required<std::string>(0, "started"), p.required<std::string>(1, "release"));
    });
    binding.add("fail", [&service](const rpcforge::json&, rpcforge::CallContext&) -> rpcforge::json {
        throw rpcforge::Error(-32042, service.version() + " refuses", {{"version", service.version()}});
    });
    binding.add("crash", [](const rpcforge::json&, rpcforge::CallContext&) -> rpcforge::json {
        throw std::logic_error("not an rpcforge::Error");
    });
    binding.add("length", [](const rpcforge::json& params, rpcforge::CallContext&) -> rpcforge::json {
        Params p(params, {"text"}, ParamStructure::either);
        return p.required<std::string>(0, "text").size();
    });
    // Searches an object the host parsed: the host's copy of the runtime indexed it, the
    // module's copy looks the name up (both must hash names alike).
    binding.add("member", [](const rpcforge::json& params, rpcforge::CallContext&) -> rpcforge::json {
        Params p(params, {"object", "name"}, ParamStructure::by_name);
        const rpcforge::json& object = params.at("object");
        auto found = object.find(p.required<std::string>(1, "name"));
        return found == object.end() ? rpcforge::json(nullptr) : *found;
    });
    binding.describe({{"openrpc", "1.2.6"}, {"info", {{"title", "Versioned"}, {"version", RPCFORGE_TEST_VERSION}}}, {"methods", rpcforge::json::array()}});
#ifdef RPCFORGE_TEST_ASYNC_METHOD
    binding.add_async("later", [](const rpcforge::json&, rpcforge::CallContext&, rpcforge::Reply<rpcforge::json> reply) {
        reply(true);
    });
#endif
#ifdef RPCFORGE_TEST_OTHER_METHODS
    binding.add("extra", [](const rpcforge::json&, rpcforge::CallContext&) -> rpcforge::json { return true; });
#endif
    return binding;
}

std::unique_ptr<rpcforge::ServiceModule> make() {
#ifdef RPCFORGE_TEST_FACTORY_THROWS
    throw std::runtime_error("configuration missing");
#endif
    return rpcforge::make_service_module(std::make_unique<VersionedService>(RPCFORGE_TEST_VERSION), bind);
}

}  // namespace

#ifndef RPCFORGE_TEST_NO_ENTRY
RPCFORGE_EXPORT_SERVICE(make)
#else
// Referenced, so that the module is not empty of the service.
extern "C" __attribute__((visibility("default"))) void* not_a_service_module() { return reinterpret_cast<void*>(&make); }
#endif
