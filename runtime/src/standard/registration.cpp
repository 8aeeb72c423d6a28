#include "standard/registration.hpp"

#include <rpcforge/endpoint.hpp>

#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace rpcforge::detail {
namespace {

bool is_wildcard(const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    if (endpoint.kind == Endpoint::Kind::unix_socket || endpoint.kind == Endpoint::Kind::stdio) return false;
    return endpoint.host.empty() || endpoint.host == "0.0.0.0" || endpoint.host == "::";
}

std::shared_ptr<Discovery> discovery_of(const StandardServerSettings& settings) {
    return open_discovery(DiscoveryUri::parse(settings.register_uri));
}

std::string service_of(const StandardServerSettings& settings) {
    return DiscoveryUri::parse(settings.register_uri).service;
}

/// Reads the registrar's one line of news: "ok", or why it failed.
std::string read_news(int fd) {
    std::string news;
    char buffer[512];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        news.append(buffer, static_cast<std::size_t>(n));
    }
    return news;
}

/// The registrar's whole life, in the child: register, say so, wait for SIGTERM, deregister.
[[noreturn]] void run_registrar(const StandardServerSettings& settings, const ServiceInstance& instance, int news) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    int status = 0;
    try {
        auto registration = discovery_of(settings)->register_instance(service_of(settings), instance,
                                                                       settings.register_ttl);
        (void)!::write(news, "ok", 2);
        ::close(news);
        sigset_t stop;  // SIGINT and SIGTERM arrive blocked, as the standard server leaves them
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        int signal = 0;
        ::sigwait(&stop, &signal);
        registration->deregister();
    } catch (const std::exception& e) {
        (void)!::write(news, e.what(), std::strlen(e.what()));
        status = 1;
    }
    ::_exit(status);
}

}  // namespace

ServiceInstance advertised_instance(const StandardServerSettings& settings, const std::vector<std::string>& bound) {
    ServiceInstance instance;
    instance.endpoint = settings.advertise.empty() && !bound.empty() ? bound.front() : settings.advertise;
    if (settings.advertise.empty() && is_wildcard(instance.endpoint))
        throw std::invalid_argument("--register: the server listens on " + instance.endpoint +
                                    ", which clients cannot dial; give --advertise URI");
    Endpoint::parse(instance.endpoint);  // throws for a bad --advertise
    instance.id = instance.endpoint;
    instance.version = settings.register_version;
    return instance;
}

std::unique_ptr<Registration> register_server(const StandardServerSettings& settings,
                                              const std::vector<std::string>& bound, ServerLog& log) {
    if (settings.register_uri.empty()) return nullptr;
    auto instance = advertised_instance(settings, bound);
    auto registration = discovery_of(settings)->register_instance(service_of(settings), instance,
                                                                   settings.register_ttl);
    log("registered " + instance.endpoint + " in " + settings.register_uri);
    return registration;
}

RegistrarProcess::RegistrarProcess(const StandardServerSettings& settings, const ServiceInstance& instance,
                                   ServerLog& log) {
    int news[2];
    if (::pipe(news) != 0) throw std::system_error(errno, std::generic_category(), "cannot make a pipe");
    std::fflush(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "cannot fork the registrar");
    if (pid_ == 0) {
        ::close(news[0]);
        run_registrar(settings, instance, news[1]);
    }
    ::close(news[1]);
    std::string said = read_news(news[0]);
    ::close(news[0]);
    if (said != "ok") {
        stop();
        throw DiscoveryError(said.empty() ? "the registrar ended without registering" : said);
    }
    log("registered " + instance.endpoint + " in " + settings.register_uri);
}

RegistrarProcess::~RegistrarProcess() { stop(); }

void RegistrarProcess::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;
}

}  // namespace rpcforge::detail
