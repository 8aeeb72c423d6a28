#pragma once
// A service declared as a C++ interface, generated with add_rpc_service(... HEADER ...).

#include <consumer/units.hpp>  // written by configure into the build tree (see CMakeLists.txt)
#include <rpcforge/annotations.hpp>

namespace consumer {

class RPCFORGE_SERVICE Clock {
public:
    virtual ~Clock() = default;
    /// How long the clock has run.
    RPCFORGE_METHOD virtual Duration uptime(Unit unit) = 0;
};

}  // namespace consumer
