// The standard server's flags and the loop that serves until a stop signal.

#include <rpcforge/access_log.hpp>
#include <rpcforge/auth.hpp>
#include <rpcforge/health.hpp>
#include <rpcforge/metrics.hpp>
#include <rpcforge/prefork.hpp>
#include <rpcforge/standard_server.hpp>

#include "standard/registration.hpp"
#include "standard/server_log.hpp"
#include "standard/standard_options.hpp"

#include <iostream>
#include <optional>

namespace rpcforge {
namespace {

int fail(const std::string& name, const std::string& why) {
    std::cerr << name << ": " << why << std::endl;
    return 1;
}

/// Everything a serving process adds to the dispatcher and to each server it makes.
struct Observation {
    std::shared_ptr<AccessLog> access_log;
    std::shared_ptr<Metrics> metrics;
};

int serve_threaded(const Dispatcher& dispatcher, const StandardServerSettings& settings, StopSignals& stop_signals,
                   const ServerSetup& setup, const std::function<void()>& on_stopping, detail::ServerLog& log) {
    Server server(dispatcher, settings.options);
    if (setup) setup(server);
    std::vector<std::string> bound;
    for (const auto& uri : settings.listen) log("listening on " + bound.emplace_back(server.listen(uri)));
    server.start();
    auto registration = detail::register_server(settings, bound, log);
    stop_signals.wait();
    log("server: stopping");
    if (on_stopping) on_stopping();
    if (registration) registration->deregister();
    server.stop();
    return 0;
}

int serve_stdio(const Dispatcher& dispatcher, const StandardServerSettings& settings, StopSignals& stop_signals,
                const ServerSetup& setup, const std::function<void()>& on_stopping, detail::ServerLog& log) {
    Server server(dispatcher, settings.options);
    if (setup) setup(server);
    log("listening on " + server.listen("stdio:"));
    server.start();
    // Done when the client closes our stdin (and every answer is out), or on a signal.
    while (!server.stdio_closed())
        if (stop_signals.wait_for(std::chrono::milliseconds(50)) != 0) break;
    log("server: stopping");
    if (on_stopping) on_stopping();
    server.stop();
    return 0;
}

int serve_prefork(const Dispatcher& dispatcher, const StandardServerSettings& settings, const ServerSetup& setup,
                  const std::function<void()>& on_stopping, detail::ServerLog& log) {
    PreforkOptions options;
    options.workers = settings.workers;
    options.log = [&log](const std::string& message) { log("server: " + message); };
    std::optional<detail::RegistrarProcess> registrar;
    options.on_stop = [&registrar] {
        if (registrar) registrar->stop();
    };
    Prefork prefork(options);
    std::vector<std::string> bound;
    for (const auto& uri : settings.listen) log("listening on " + bound.emplace_back(prefork.listen(uri)));
    if (!settings.register_uri.empty()) registrar.emplace(settings, detail::advertised_instance(settings, bound), log);
    int status = prefork.run([&](const std::vector<BoundSocket>& sockets) {
        StopSignals worker_signals;
        Server server(dispatcher, settings.options);
        if (setup) setup(server);
        for (const auto& socket : sockets) server.listen(socket);
        server.start();
        worker_signals.wait();
        if (on_stopping) on_stopping();
        server.stop();
        return 0;
    });
    log("server: stopped");
    return status;
}

/// The routes and the health method the settings ask for, then the program's own setup.
ServerSetup with_observation(const StandardServerSettings& settings, const std::shared_ptr<Metrics>& metrics,
                             const ServerSetup& setup) {
    return [&settings, metrics, setup](Server& server) {
        if (metrics) server.add_http_route(settings.metrics_route, metrics_route(metrics));
        if (!settings.health_route.empty()) server.add_http_route(settings.health_route, health_route(server));
        if (setup) setup(server);
    };
}

}  // namespace

StandardServer::StandardServer(std::string name, std::vector<std::string> default_listen)
    : name_(std::move(name)), app_(name_) {
    settings_.listen = std::move(default_listen);
    detail::add_standard_options(app_, settings_, drain_seconds_);
}

std::optional<int> StandardServer::parse(int argc, const char* const* argv) {
    try {
        app_.parse(argc, argv);
        settings_.options.drain_time = std::chrono::milliseconds(static_cast<long long>(drain_seconds_ * 1000));
        settings_.options.tls.require_client_certificate = !settings_.options.tls.ca_file.empty();
        detail::check_standard_settings(settings_);
    } catch (const CLI::ParseError& e) {
        return app_.exit(e);
    } catch (const std::exception& e) {
        std::cerr << name_ << ": " << e.what() << "\nRun with --help for more information." << std::endl;
        return 2;
    }
    return std::nullopt;
}

int StandardServer::serve(Dispatcher& dispatcher, const ServerSetup& setup) {
    detail::ServerLog log(settings_);
    if (!log.ok()) return fail(name_, "cannot write the log file " + settings_.log_file);
    try {
        settings_.options.authentication = detail::authentication_of(settings_);
        std::shared_ptr<AccessLog> access_log;
        if (!settings_.access_log.empty()) {
            AccessLog::reopen_on_signals(settings_.mode == "prefork" ? std::vector<int>{SIGUSR1}
                                                                      : std::vector<int>{SIGHUP, SIGUSR1});
            access_log = std::make_shared<AccessLog>(settings_.access_log);
            dispatcher.use(access_log);
        }
        if (!settings_.metrics_route.empty()) {
            metrics_ = std::make_shared<Metrics>();
            dispatcher.use(metrics_);
            settings_.options.metrics = metrics_;
        }
        // rpc.health asks the server serving in this process (in prefork mode, each worker's);
        // this object, made first in main, outlives the dispatcher that holds the method.
        if (settings_.rpc_health)
            dispatcher.add("rpc.health", [this]() -> json {
                const Server* server = serving_.load();
                return server != nullptr ? server->health().to_json() : HealthStatus{"stopped", {}}.to_json();
            });
        auto observed = with_observation(settings_, metrics_, [this, &setup, access_log](Server& server) {
            // A prefork worker (restarted by SIGHUP after a rotation) writes to the file now at
            // the path, not to the one it inherited from the parent.
            if (access_log) access_log->reopen();
            serving_ = &server;
            if (setup) setup(server);
        });
        int status = settings_.mode == "stdio"
                         ? serve_stdio(dispatcher, settings_, stop_signals_, observed, on_stopping_, log)
                     : settings_.mode == "prefork"
                         ? serve_prefork(dispatcher, settings_, observed, on_stopping_, log)
                         : serve_threaded(dispatcher, settings_, stop_signals_, observed, on_stopping_, log);
        serving_ = nullptr;
        return status;
    } catch (const std::exception& e) {
        return fail(name_, e.what());
    }
}

}  // namespace rpcforge
