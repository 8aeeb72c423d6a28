#include "standard/standard_options.hpp"

#include <rpcforge/discovery.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rpcforge::detail {
namespace {

// --help is the manual: what follows the flags.
constexpr const char* footer = R"(SIGNALS
  SIGINT, SIGTERM  stop gracefully: deregister (--register), drain for --drain seconds (health
                   says "draining"), stop accepting, answer every request received, close.
  SIGHUP           prefork mode: restart the workers one by one. Otherwise: reopen the
                   --access-log file (after logrotate moved it).
  SIGUSR1          reopen the --access-log file (in prefork mode, send it to the workers).

CONFIG FILE
  --config FILE reads any flag from a TOML or INI file, one "name = value" per line, the name
  being the long flag without its leading dashes; flags on the command line win. A name that
  is no flag is an error. For example:
      listen = ["https://0.0.0.0:8443/rpc", "unix:///run/calc.sock"]
      tls-cert = "/etc/calc/cert.pem"
      tls-key = "/etc/calc/key.pem"
      bearer-tokens = "/etc/calc/tokens"
      metrics-route = "/metrics"
      health-route = "/healthz"
      access-log = "/var/log/calc/access.log"

FILES
  --bearer-tokens  one "TOKEN NAME [ROLE...]" per line, # starts a comment.
  --htpasswd       Apache's htpasswd file with bcrypt hashes (htpasswd -B).
  --roles          one "NAME ROLE..." per line: roles of identities (users, certificates).

See docs/server.md, docs/security.md, docs/observability.md and docs/scale-out.md.)";

std::string seconds_text(std::chrono::milliseconds duration) {
    auto text = std::to_string(duration.count() / 1000);
    if (auto rest = duration.count() % 1000; rest != 0) text += "." + std::to_string(1000 + rest).substr(1);
    return text;
}

/// Seconds on the command line, milliseconds in the options.
CLI::Option* add_seconds(CLI::App& app, const std::string& name, std::chrono::milliseconds& target,
                         const std::string& help) {
    return app
        .add_option_function<double>(
            name, [&target](double seconds) { target = std::chrono::milliseconds(static_cast<long long>(seconds * 1000)); },
            help + " (seconds; default " + seconds_text(target) + ")")
        ->check(CLI::NonNegativeNumber);
}

void add_endpoint_options(CLI::App& app, StandardServerSettings& settings) {
    app.add_option("--listen", settings.listen,
                   "endpoint to listen on (repeatable): tcp://, unix://, tls://, http://, https://, ws://, wss://")
        ->capture_default_str()
        ->group("Endpoints");
    const char* tls = "TLS (tls://, https://, wss://)";
    app.add_option("--tls-cert", settings.options.tls.certificate_file, "PEM certificate")->group(tls);
    app.add_option("--tls-key", settings.options.tls.private_key_file, "PEM private key")->group(tls);
    app.add_option("--tls-ca", settings.options.tls.ca_file,
                   "PEM CA file: clients must present a certificate it signed")
        ->group(tls);
}

void add_execution_options(CLI::App& app, StandardServerSettings& settings) {
    const char* group = "Threads and mode";
    app.add_option("--threads", settings.options.threads, "handler threads")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    app.add_option("--io-threads", settings.options.io_threads, "threads doing socket I/O and parsing")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    app.add_option("--notification-threads", settings.options.notification_threads,
                   "threads running notifications apart from calls (0: with the calls)")
        ->capture_default_str()
        ->group(group);
    app.add_option("--mode", settings.mode,
                   "threaded: one process; prefork: --workers processes share tcp:// and unix:// endpoints (each "
                   "with its own state); stdio: one connection over stdin/stdout, --listen ignored")
        ->capture_default_str()
        ->check(CLI::IsMember({"threaded", "prefork", "stdio"}))
        ->group(group);
    app.add_option("--workers", settings.workers, "worker processes in prefork mode")
        ->capture_default_str()
        ->check(CLI::Range(1, 256))
        ->group(group);
}

void add_limit_options(CLI::App& app, StandardServerSettings& settings, double& drain_seconds) {
    const char* group = "Limits";
    auto& limits = settings.options.peer.protocol.limits;
    app.add_option("--max-connections", settings.options.max_connections, "connections open at once (0: no limit)")
        ->capture_default_str()
        ->group(group);
    app.add_option("--max-message-bytes", limits.max_message_bytes, "largest message read")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    app.add_option("--max-batch", limits.max_batch, "most calls in one batch")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
    add_seconds(app, "--idle-timeout", settings.options.idle_timeout, "close stream connections silent this long")
        ->group(group);
    add_seconds(app, "--read-timeout", settings.options.read_timeout, "a message begun must arrive within")
        ->group(group);
    app.add_option("--drain", drain_seconds,
                   "on a stop, serve on this long while health says \"draining\" (seconds)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber)
        ->group(group);
}

void add_authentication_options(CLI::App& app, StandardServerSettings& settings) {
    const char* group = "Authentication (any of these turns it on)";
    app.add_option("--bearer-tokens", settings.bearer_tokens_file, "file of bearer tokens")
        ->check(CLI::ExistingFile)
        ->group(group);
    app.add_option("--htpasswd", settings.htpasswd_file, "htpasswd file for HTTP Basic (bcrypt)")
        ->check(CLI::ExistingFile)
        ->group(group);
    app.add_option("--realm", settings.realm, "HTTP Basic realm")->capture_default_str()->group(group);
    app.add_option("--tls-allow", settings.tls_allow,
                   "client certificate subject or SAN allowed (repeatable; needs --tls-ca)")
        ->group(group);
    app.add_option("--unix-allow-uid", settings.unix_allow_uids, "unix:// peer uid allowed (repeatable)")->group(group);
    app.add_option("--unix-allow-gid", settings.unix_allow_gids, "unix:// peer gid allowed (repeatable)")->group(group);
    app.add_option("--roles", settings.roles_file, "file of roles per identity")->check(CLI::ExistingFile)->group(group);
    app.add_flag("--allow-anonymous", settings.allow_anonymous, "let clients without credentials in")->group(group);
}

void add_observation_options(CLI::App& app, StandardServerSettings& settings) {
    const char* group = "Observability";
    app.add_option("--metrics-route", settings.metrics_route, "HTTP path serving Prometheus metrics (e.g. /metrics)")
        ->group(group);
    app.add_option("--health-route", settings.health_route, "HTTP path answering health checks (e.g. /healthz)")
        ->group(group);
    app.add_flag("--rpc-health", settings.rpc_health, "add the method rpc.health")->group(group);
    app.add_option("--access-log", settings.access_log, "append one JSON line per call to this file")->group(group);
    app.add_option("--log-file", settings.log_file, "append the server's own messages to this file")->group(group);
    app.add_flag("--quiet", settings.quiet, "print no messages of the server's own")->group(group);
}

void add_discovery_options(CLI::App& app, StandardServerSettings& settings) {
    const char* group = "Discovery";
    app.add_option("--register", settings.register_uri,
                   "register in discovery while serving: etcd://HOST:PORT[,...]/SERVICE or registry://...")
        ->group(group);
    app.add_option("--advertise", settings.advertise, "the endpoint clients are told (default: the first --listen)")
        ->group(group);
    app.add_option_function<int>(
           "--register-ttl", [&settings](int seconds) { settings.register_ttl = std::chrono::seconds(seconds); },
           "seconds a crashed server stays registered (default 10)")
        ->check(CLI::Range(1, 3600))
        ->group(group);
    app.add_option("--register-version", settings.register_version, "the version registered with the instance")
        ->group(group);
}

bool is_route(const std::string& path) { return path.empty() || path.front() == '/'; }

/// "NAME ROLE..." lines into `authentication`.
void grant_roles(Authentication& authentication, const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::invalid_argument("cannot read the roles file " + file.string());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (auto comment = line.find('#'); comment != std::string::npos) line.erase(comment);
        std::istringstream words(line);
        std::string name;
        if (!(words >> name)) continue;
        std::vector<std::string> roles;
        for (std::string role; words >> role;) roles.push_back(role);
        if (roles.empty())
            throw std::invalid_argument(file.string() + ":" + std::to_string(number) + ": '" + name +
                                        "' has no role (expected: NAME ROLE...)");
        authentication.grant(name, std::move(roles));
    }
}

}  // namespace

void add_standard_options(CLI::App& app, StandardServerSettings& settings, double& drain_seconds) {
    app.set_help_flag("-h,--help", "print this manual and exit");
    app.set_config("--config", "", "read flags from this TOML or INI file (see CONFIG FILE)");
    // A misspelt key in a config file is an error, as a misspelt flag is.
    app.allow_config_extras(CLI::config_extras_mode::error);
    app.footer(footer);
    app.get_formatter()->column_width(34);
    add_endpoint_options(app, settings);
    add_execution_options(app, settings);
    add_limit_options(app, settings, drain_seconds);
    add_authentication_options(app, settings);
    add_observation_options(app, settings);
    add_discovery_options(app, settings);
}

void check_standard_settings(const StandardServerSettings& settings) {
    if (!is_route(settings.metrics_route)) throw std::invalid_argument("--metrics-route must start with '/'");
    if (!is_route(settings.health_route)) throw std::invalid_argument("--health-route must start with '/'");
    if (!settings.tls_allow.empty() && settings.options.tls.ca_file.empty())
        throw std::invalid_argument("--tls-allow needs --tls-ca: only verified certificates can be allowed");
    if (settings.mode != "stdio" && settings.listen.empty()) throw std::invalid_argument("--listen: no endpoint");
    if (!settings.register_uri.empty()) {
        if (settings.mode == "stdio") throw std::invalid_argument("--register: a stdio server cannot be dialled");
        if (DiscoveryUri::parse(settings.register_uri).service.empty())
            throw std::invalid_argument("--register: '" + settings.register_uri + "' names no service (add /SERVICE)");
    }
    if (settings.register_uri.empty() && (!settings.advertise.empty() || !settings.register_version.empty()))
        throw std::invalid_argument("--advertise and --register-version need --register");
}

std::shared_ptr<const Authentication> authentication_of(const StandardServerSettings& settings) {
    auto authentication = std::make_shared<Authentication>();
    bool any = false;
    auto add = [&](std::shared_ptr<Authenticator> authenticator) {
        authentication->add(std::move(authenticator));
        any = true;
    };
    if (!settings.bearer_tokens_file.empty()) add(bearer_tokens(settings.bearer_tokens_file));
    if (!settings.htpasswd_file.empty()) add(htpasswd_basic(settings.htpasswd_file, settings.realm));
    if (!settings.tls_allow.empty()) add(tls_allow_list(settings.tls_allow));
    if (!settings.unix_allow_uids.empty() || !settings.unix_allow_gids.empty())
        add(unix_peer_allow_list(settings.unix_allow_uids, settings.unix_allow_gids));
    if (!any) {
        if (!settings.roles_file.empty()) throw std::invalid_argument("--roles needs an authenticator to name identities");
        return nullptr;
    }
    if (!settings.roles_file.empty()) grant_roles(*authentication, settings.roles_file);
    authentication->allow_anonymous(settings.allow_anonymous);
    return authentication;
}

}  // namespace rpcforge::detail
