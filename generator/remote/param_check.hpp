#pragma once
// The -32602 answer a server generated from a model gives to params that do not convert,
// worked out before sending (`rpcforge call` checks arguments against `rpc.discover`).

#include "model/model.hpp"

#include <rpcforge/json.hpp>

#include <optional>
#include <string>

namespace rpcforge::remote {

/// The message of the -32602 error a server generated from `service` answers `params` of
/// `method` with, or nullopt when they convert. It follows the generated code's reading of params
/// (rpcforge::Params) and the runtime's conversions check for check and word for word,
/// first failure first; tests/remote holds it to a running server's answers. Types the service's
/// C++ declares itself (their conversions may be the user's own) are not checked.
std::optional<std::string> invalid_params(const model::Service& service, const model::Method& method,
                                          const json& params);

}  // namespace rpcforge::remote
