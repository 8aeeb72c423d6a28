#pragma once
// A service declared in C++ with a subscription (RPCFORGE_SUBSCRIPTION), generated at build time
// by add_rpc_service(... HEADER ...) and run by subscription_e2e_test.cpp.

#include <rpcforge/annotations.hpp>
#include <rpcforge/subscription.hpp>

#include <cstdint>
#include <string>

namespace clock_app {

struct Second {
    std::int64_t n = 0;
    std::string zone;
};

class RPCFORGE_SERVICE Clock {
public:
    virtual ~Clock() = default;
    /// Seconds, `count` of them, then the end.
    RPCFORGE_SUBSCRIPTION virtual void seconds(std::int64_t count, const std::string& zone,
                                               rpcforge::Subscription<Second> sink) = 0;
    RPCFORGE_METHOD virtual std::int64_t now() = 0;
};

}  // namespace clock_app
