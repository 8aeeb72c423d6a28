// rpcforge-registry, also run as `rpcforge registry`: the embedded service registry
// (docs/registry.md). The standard server serves it, so --listen, TLS, authentication,
// metrics, health and the access log come with it; `--help` is the manual.

#include "registry_service.hpp"
#include "store.hpp"
#include "udp_endpoint.hpp"

#include <rpcforge/standard_server.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace {

using rpcforge::registry::UdpEndpoint;

struct RegistryFlags {
    rpcforge::registry::StoreLimits limits;
    std::string udp;
    std::size_t max_datagram_bytes = UdpEndpoint::default_max_datagram_bytes;
};

void add_registry_options(CLI::App& app, RegistryFlags& flags) {
    const char* group = "Registry";
    app.add_option("--max-instances", flags.limits.max_instances,
                   "most instances held, every service together; past it register is refused (error 1002)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    app.add_option("--max-watches", flags.limits.max_watches,
                   "most watch calls waiting at once; past it a watch is refused (error 1003)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    app.add_option("--udp", flags.udp,
                   "also answer JSON-RPC over UDP on HOST:PORT, one request per datagram; no credentials, no "
                   "encryption: trusted networks only")
        ->group(group);
    app.add_option("--max-datagram-bytes", flags.max_datagram_bytes,
                   "largest request or answer datagram over --udp; a larger one is refused")
        ->capture_default_str()
        ->check(CLI::Range(512, 65507))
        ->group(group);
}

/// Why the settings cannot serve a registry, or "".
std::string refusal(const rpcforge::StandardServerSettings& settings, const RegistryFlags& flags) {
    if (settings.mode == "prefork")
        return "--mode prefork would give each worker a registry of its own, each seeing part of the registrations";
    bool authenticated = !settings.bearer_tokens_file.empty() || !settings.htpasswd_file.empty() ||
                         !settings.tls_allow.empty() || !settings.unix_allow_uids.empty() ||
                         !settings.unix_allow_gids.empty();
    if (authenticated && !flags.udp.empty())
        return "--udp carries no credentials, so it would let anyone past the authentication asked for";
    return "";
}

/// Where the standard server writes its own messages ("listening on ..."), for the UDP line.
void say(const rpcforge::StandardServerSettings& settings, const std::string& message) {
    if (settings.quiet) return;
    if (!settings.log_file.empty()) {
        std::ofstream(settings.log_file, std::ios::app) << message << std::endl;
        return;
    }
    (settings.mode == "stdio" ? std::cerr : std::cout) << message << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("rpcforge-registry", {"tcp://127.0.0.1:18811"});
    RegistryFlags flags;
    add_registry_options(standard.app(), flags);
    if (auto status = standard.parse(argc, argv)) return *status;
    if (auto why = refusal(standard.settings(), flags); !why.empty()) {
        std::cerr << "rpcforge-registry: " << why << "\nRun with --help for more information." << std::endl;
        return 2;
    }

    rpcforge::registry::Store store(flags.limits);
    rpcforge::registry::RegistryService service(store);
    rpcforge::Dispatcher dispatcher;
    rpcforge::registry::bind(service).add_to(dispatcher);
    // Long polls are answered as the stop begins, so that it does not wait for their timeouts.
    standard.on_stopping([&store] { store.close_watches(); });
    std::unique_ptr<UdpEndpoint> datagrams;
    // The UDP endpoint starts once serve() has added its middleware to the dispatcher (a
    // dispatcher takes none while serving); serve() reports a failure to bind, as for --listen.
    int status = standard.serve(dispatcher, [&](rpcforge::Server&) {
        if (flags.udp.empty() || datagrams) return;
        datagrams = std::make_unique<UdpEndpoint>(dispatcher, flags.udp, flags.max_datagram_bytes);
        say(standard.settings(), "listening on " + datagrams->uri());
    });
    // Watches still waiting (a UDP one, or one whose connection the stop cut off) are
    // answered while the dispatcher their replies go through still exists.
    datagrams.reset();
    store.close_watches();
    return status;
}
