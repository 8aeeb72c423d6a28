// The soak: mixed load over TCP, TLS, HTTP and WebSocket against a server run as a child
// process (tests/soak/soak_server.cpp: hot reload and a process pool inside), and over TCP
// against a prefork server, while faults are injected on a schedule. See docs/testing.md.
//
//   rpcforge_soak [--seconds N]   (default 20; a quarter of it is the warm-up)
//
// Exits 0 when every assertion holds, else 1 with one line per failed assertion.

#include "soak/soak_faults.hpp"
#include "soak/soak_load.hpp"
#include "soak/soak_processes.hpp"

#include "support/certificates.hpp"
#include "support/child_server.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <thread>

namespace rpcforge::soak {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// A folder of its own under /tmp, removed with everything in it.
struct TempDir {
    TempDir() {
        std::string name = (fs::temp_directory_path() / "rpcforge-soak-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path = name;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

struct FaultCounts {
    std::map<std::string, std::size_t> disconnects;
    std::size_t installs = 0, pool_kills = 0, prefork_restarts = 0;
};

class Soak {
public:
    explicit Soak(const fs::path& folder)
        : folder_(folder), live_module_(folder / "service.so"),
          server_(prepared_server_argv()),
          prefork_({test::mode_server_path(), "--mode", "prefork", "--workers", "2", "--listen", "tcp://127.0.0.1:0"}) {
        std::istringstream uris(server_.uri());
        uris >> uris_.tcp >> uris_.tls >> uris_.http >> uris_.ws;
        status_ = std::make_unique<Client>(uris_.tcp);
    }

    /// Load and faults together for `length`.
    void run_phase(milliseconds length) {
        auto until = Clock::now() + length;
        std::vector<std::thread> load;
        auto callers = targets();
        for (unsigned i = 0; i < callers.size(); ++i)
            load.emplace_back([this, target = callers[i], until, seed = i + 1] { run_caller(target, until, tally_, seed); });
        load.emplace_back([this, until] { run_stalled_reader(uris_.tcp, until, tally_); });
        load.emplace_back([this, until] { run_http_pipeliner(uris_.http, until, tally_); });
        inject_faults(until);
        for (auto& thread : load) thread.join();
    }

    /// Samples both servers once the load is over and they have settled: the pool has both
    /// workers again and two samples 200 ms apart agree on the descriptors (and, after the
    /// baseline, are at most `ceiling`'s). Gives up after 10 s, with the last samples.
    std::pair<ProcessSample, ProcessSample> settled_samples(const std::pair<ProcessSample, ProcessSample>* ceiling) {
        std::pair<ProcessSample, ProcessSample> samples, previous;
        test::eventually(
            [&] {
                std::this_thread::sleep_for(milliseconds(200));
                previous = samples;
                samples = {sample_process(server_.pid()), sample_process(prefork_.pid())};
                bool pool_whole = status_->call("soak.status").at("pool_pids").size() == 2;
                bool steady = samples.first.fds == previous.first.fds && samples.second.fds == previous.second.fds;
                bool under = !ceiling || (samples.first.fds <= ceiling->first.fds && samples.second.fds <= ceiling->second.fds);
                return pool_whole && steady && under;
            },
            seconds(10));
        return samples;
    }

    /// Every install loaded by the watch: the generation is one more per install.
    std::uint64_t reloads_seen() {
        std::uint64_t generation = 0;
        test::eventually([&] {
            generation = status_->call("soak.status").at("generation").get<std::uint64_t>();
            return generation >= 1 + faults_.installs;
        }, seconds(5));
        return generation - 1;
    }

    /// SIGTERM to both servers; each must exit 0 (a LeakSanitizer report makes it exit 23).
    std::vector<std::string> stop_servers() {
        status_.reset();
        std::vector<std::string> problems;
        for (auto* server : {&server_, &prefork_}) {
            int status = server->signal_and_wait(SIGTERM, seconds(60));
            if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                problems.push_back(std::string(server == &server_ ? "soak server" : "prefork server") +
                                   " did not exit cleanly (wait status " + std::to_string(status) + ")");
        }
        return problems;
    }

    /// The module copies the soak server has mapped and on disk (once no call runs: 1 and 1).
    ModuleCopies module_copies() const { return soak::module_copies(server_.pid(), (folder_ / "copies").string()); }

    const Tally& tally() const { return tally_; }
    const FaultCounts& faults() const { return faults_; }

private:
    /// The first build of the module in place, and the server's command line.
    std::vector<std::string> prepared_server_argv() const {
        install_module(RPCFORGE_SOAK_MODULE_V1, live_module_);
        fs::create_directory(folder_ / "copies");
        const auto& certificates = test::certificates();
        return {RPCFORGE_SOAK_SERVER, "--module", live_module_.string(), "--copies", (folder_ / "copies").string(),
                "--cert", certificates.server_cert, "--key", certificates.server_key};
    }

    std::vector<LoadTarget> targets() const {
        ClientOptions tls;
        tls.tls = test::client_tls();
        return {{"tcp", uris_.tcp, {}}, {"tls", uris_.tls, tls}, {"http", uris_.http, {}}, {"ws", uris_.ws, {}},
                {"prefork", prefork_.uri(), {}, false, true}};
    }

    /// Every 50 ms a client goes away midway; every second the module is replaced; every
    /// 2.5 s a pool worker is killed; every 3 s the prefork workers are restarted.
    void inject_faults(Clock::time_point until) {
        for (std::size_t tick = 1; tick < 1'000'000 && Clock::now() < until; ++tick) {
            std::this_thread::sleep_for(milliseconds(50));
            try {
                ++faults_.disconnects[disconnect_midway(uris_, tick)];
            } catch (const std::exception& e) {
                tally_.fail(std::string("a misbehaving client could not even connect: ") + e.what());
            }
            if (tick % 20 == 0)
                install_module(++faults_.installs % 2 ? RPCFORGE_SOAK_MODULE_V2 : RPCFORGE_SOAK_MODULE_V1, live_module_);
            if (tick % 50 == 0 && kill_pool_worker(*status_, tick) != 0) ++faults_.pool_kills;
            if (tick % 60 == 0 && ::kill(prefork_.pid(), SIGHUP) == 0) ++faults_.prefork_restarts;
        }
    }

    fs::path folder_;
    fs::path live_module_;
    test::ChildServer server_;
    test::ChildServer prefork_;
    ServerUris uris_;
    std::unique_ptr<Client> status_;  // for "soak.status"
    Tally tally_;
    FaultCounts faults_;
};

seconds duration_from(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--seconds") return seconds(std::stoul(argv[i + 1]));
    return seconds(20);
}

void print_figures(const Soak& soak, const std::pair<ProcessSample, ProcessSample>& before,
                   const std::pair<ProcessSample, ProcessSample>& after, std::uint64_t reloads,
                   const ModuleCopies& copies) {
    const auto& t = soak.tally();
    std::cout << "soak: calls sent " << t.sent << ", answered " << t.answered << " (" << t.worker_killed
              << " of them -32603 from a killed pool worker), lost with a prefork restart " << t.connection_closed
              << ", connections " << t.connections << "\n";
    std::cout << "soak: faults:";
    for (const auto& [kind, count] : soak.faults().disconnects) std::cout << " " << kind << " x" << count << ";";
    std::cout << " module installs " << soak.faults().installs << " (reloads seen " << reloads << "), pool workers killed "
              << soak.faults().pool_kills << ", prefork SIGHUPs " << soak.faults().prefork_restarts << "\n";
    std::cout << "soak: module copies mapped by the soak server " << copies.mapped << ", on disk " << copies.on_disk << "\n";
    std::cout << "soak: soak server RSS " << before.first.rss_kib << " -> " << after.first.rss_kib << " KiB, fds "
              << before.first.fds << " -> " << after.first.fds << "; prefork parent RSS " << before.second.rss_kib << " -> "
              << after.second.rss_kib << " KiB, fds " << before.second.fds << " -> " << after.second.fds << std::endl;
}

std::vector<std::string> check_process(const std::string& name, const ProcessSample& before, const ProcessSample& after) {
    std::vector<std::string> failed;
    if (after.rss_kib * 10 >= before.rss_kib * 11)
        failed.push_back(name + ": resident memory grew by 10% or more after the warm-up (" +
                         std::to_string(before.rss_kib) + " -> " + std::to_string(after.rss_kib) + " KiB)");
    if (after.fds > before.fds)
        failed.push_back(name + ": open descriptors did not return to their baseline (" + std::to_string(before.fds) +
                         " -> " + std::to_string(after.fds) + ")");
    return failed;
}

int run(seconds total) {
    TempDir folder;
    fs::create_directory(folder.path / "reports");
    route_sanitizer_reports((folder.path / "reports").string());
    Soak soak(folder.path);
    auto warm_up = total / 4;
    soak.run_phase(warm_up);
    auto before = soak.settled_samples(nullptr);
    soak.run_phase(total - warm_up);
    auto after = soak.settled_samples(&before);
    auto reloads = soak.reloads_seen();
    auto copies = soak.module_copies();
    print_figures(soak, before, after, reloads, copies);

    std::vector<std::string> failed;
    if (soak.tally().failure_count() > 0) {
        failed.push_back(std::to_string(soak.tally().failure_count()) + " calls on connections that stayed up were not answered rightly; the first:");
        for (const auto& what : soak.tally().first_failures()) failed.push_back("    " + what);
    }
    for (auto& problem : check_process("soak server", before.first, after.first)) failed.push_back(problem);
    for (auto& problem : check_process("prefork parent", before.second, after.second)) failed.push_back(problem);
    if (reloads != soak.faults().installs)
        failed.push_back(std::to_string(soak.faults().installs) + " module installs but " + std::to_string(reloads) + " reloads");
    if (copies.mapped != 1 || copies.on_disk != 1)
        failed.push_back("old builds of the module not unloaded: " + std::to_string(copies.mapped) + " copies mapped, " +
                         std::to_string(copies.on_disk) + " on disk (1 and 1 expected once no call runs)");
    for (auto& problem : soak.stop_servers()) failed.push_back(problem);
    for (auto& report : sanitizer_reports((folder.path / "reports").string())) failed.push_back("sanitizer report " + report);

    for (const auto& line : failed) std::cerr << "soak: FAILED: " << line << "\n";
    if (failed.empty()) std::cout << "soak: passed (" << total.count() << " s)" << std::endl;
    return failed.empty() ? 0 : 1;
}

}  // namespace
}  // namespace rpcforge::soak

int main(int argc, char** argv) {
    // A server that is gone makes a write fail, not this process die.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return rpcforge::soak::run(rpcforge::soak::duration_from(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "soak: FAILED: " << e.what() << std::endl;
        return 1;
    }
}
