#pragma once
// A synthetic OpenRPC document the size of a large real service: `types` schemas (structs with
// scalar, optional, array, map and $ref fields, every fifth an enum) and `methods` methods
// taking three parameters and returning a struct. Deterministic, so runs compare.

#include <nlohmann/json.hpp>

#include <string>

namespace rpcforge::bench {

nlohmann::json large_service(int methods, int types);

}  // namespace rpcforge::bench
