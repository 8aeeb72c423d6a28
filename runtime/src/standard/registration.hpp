#pragma once
// --register: the standard server as an instance of a service in discovery (docs/scale-out.md).
// Registered once the endpoints listen, deregistered first thing on a graceful stop, before the
// drain, so that balancing clients stop sending new calls while the calls already sent finish.

#include <rpcforge/discovery.hpp>
#include <rpcforge/standard_server.hpp>

#include "standard/server_log.hpp"

#include <memory>
#include <string>
#include <vector>

namespace rpcforge::detail {

/// The instance the settings describe: --advertise, or else the first endpoint bound, which
/// must then not be a wildcard address (0.0.0.0, [::]) clients cannot dial. Throws
/// std::invalid_argument naming the flag.
ServiceInstance advertised_instance(const StandardServerSettings& settings, const std::vector<std::string>& bound);

/// Registers the server listening on `bound` in this process (a thread keeps it alive); null
/// without --register.
std::unique_ptr<Registration> register_server(const StandardServerSettings& settings,
                                              const std::vector<std::string>& bound, ServerLog& log);

/// The registration of a prefork server, kept by a child process of its own: the parent must
/// start no thread before it forks its workers, and the workers come and go. Deregisters when
/// stopped (or when the parent dies).
class RegistrarProcess {
public:
    /// Forks the registrar; returns once it has registered. Throws DiscoveryError (with the
    /// registrar's reason) when it could not.
    RegistrarProcess(const StandardServerSettings& settings, const ServiceInstance& instance, ServerLog& log);
    /// stop(), if not done.
    ~RegistrarProcess();
    /// Deregisters and waits for the registrar to end.
    void stop();

private:
    int pid_ = 0;
};

}  // namespace rpcforge::detail
