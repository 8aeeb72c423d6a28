#pragma once
// The standard server's flags, their checks, and the authentication they describe.

#include <rpcforge/auth.hpp>
#include <rpcforge/standard_server.hpp>

#include <memory>

namespace rpcforge::detail {

/// Adds every flag, in groups, and --config; `drain_seconds` receives --drain.
void add_standard_options(CLI::App& app, StandardServerSettings& settings, double& drain_seconds);

/// What CLI11 cannot check by itself; throws std::invalid_argument naming the flag.
void check_standard_settings(const StandardServerSettings& settings);

/// The authentication the flags ask for, reading its files; null when none is asked for.
/// Throws what the authenticators throw for a bad file, naming it.
std::shared_ptr<const Authentication> authentication_of(const StandardServerSettings& settings);

}  // namespace rpcforge::detail
