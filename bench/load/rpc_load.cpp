// rpcforge's load generator for the stream transports (TCP, Unix sockets), WebSocket and HTTP,
// used for rpcforge and for the epoll floor alike. The suite measures HTTP with wrk (the tool
// every HTTP server is measured with) and gRPC with grpc_load; rpc_load's HTTP is for --paired-url.
//
//   rpc_load --url tcp://127.0.0.1:7001 --workload add --connections 64 --depth 1 --seconds 3
//   rpc_load --url ws://127.0.0.1:7002/rpc --notifications --seconds 3
//   rpc_load --url tcp://127.0.0.1:7001 --idle 10000 --hold 5
//   rpc_load --url tcp://127.0.0.1:7001 --paired-url tcp://127.0.0.1:7003 --connections 64
//
// Prints one line of JSON: {"ok", "answered", "errors", "seconds", "rate", "p50_us", "p99_us"}
// (rate in right calls per second; "answered" also counts the warm-up's right calls, so that the
// suite can divide the server's CPU time by every call it served), or for --idle {"requested",
// "held", "open_at_end"}. With --paired-url each connection has a partner to the second server
// and the two take turns: each answer from one sends the next call to the other, and "paired"
// holds the second server's figures. Exits 1 when any answer was wrong or nothing was answered:
// a figure is never made of errors.

#include "load_connection.hpp"
#include "notification_flood.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <thread>

namespace {

using namespace rpcforge::bench;
namespace asio = boost::asio;

struct Settings {
    std::string url;
    std::string paired_url;
    std::string workload = "add";
    std::size_t connections = 1;
    std::size_t depth = 1;
    std::size_t threads = 1;
    double seconds = 3;
    double warmup = 1;
    std::size_t echo_bytes = 1 << 20;
    std::size_t batch_size = 100;
    bool notifications = false;
    std::size_t idle = 0;
    double hold = 5;
};

std::chrono::nanoseconds to_duration(double seconds) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds));
}

std::uint32_t percentile(std::vector<std::uint32_t>& samples, double fraction) {
    if (samples.empty()) return 0;
    auto at = samples.begin() + static_cast<std::ptrdiff_t>(fraction * static_cast<double>(samples.size() - 1));
    std::nth_element(samples.begin(), at, samples.end());
    return *at;
}

/// What one thread measured: of the first server, and of the second with --paired-url.
struct ThreadTallies {
    Tally first;
    Tally paired;
};

/// One thread's share of the connections, on an io_context of its own.
ThreadTallies drive(const Settings& settings, const Target& target, const Target* paired_target,
                    const Workload& workload, std::size_t first_connection, std::size_t connection_count,
                    Window window) {
    ThreadTallies tallies;
    tallies.first.latencies_us.reserve(1 << 20);
    asio::io_context io;
    std::vector<std::shared_ptr<LoadConnection>> connections;
    for (std::size_t i = 0; i < connection_count; ++i) {
        // Ids far apart per connection, so that an answer sent on the wrong connection is caught.
        std::uint64_t first_id = (first_connection + i + 1) << 40;
        auto connection = make_connection(io, target, workload, settings.depth, first_id, window, tallies.first);
        connections.push_back(connection);
        if (paired_target != nullptr) {
            auto partner = make_connection(io, *paired_target, workload, 0, first_id | (1ull << 39), window,
                                           tallies.paired);
            LoadConnection::pair(*connection, *partner);
            connections.push_back(partner);
        }
    }
    for (auto& connection : connections) connection->start();
    asio::steady_timer end(io, window.end + std::chrono::milliseconds(50));
    end.async_wait([&io](const boost::system::error_code&) { io.stop(); });
    io.run();
    return tallies;
}

Tally add_up(const std::vector<ThreadTallies>& tallies, Tally ThreadTallies::*which) {
    Tally total;
    for (const auto& thread : tallies) {
        const Tally& tally = thread.*which;
        total.calls += tally.calls;
        total.answered += tally.answered;
        total.errors += tally.errors;
        total.latencies_us.insert(total.latencies_us.end(), tally.latencies_us.begin(), tally.latencies_us.end());
    }
    return total;
}

nlohmann::json figures_of(Tally& total, const Settings& settings) {
    return {{"ok", total.calls},
            {"answered", total.answered},
            {"errors", total.errors},
            {"seconds", settings.seconds},
            {"rate", static_cast<double>(total.calls) / settings.seconds},
            {"p50_us", percentile(total.latencies_us, 0.50)},
            {"p99_us", percentile(total.latencies_us, 0.99)}};
}

nlohmann::json run_load(const Settings& settings, const Target& target, const Target* paired_target) {
    Workload workload;
    workload.kind = parse_workload_kind(settings.workload);
    workload.echo_bytes = settings.echo_bytes;
    workload.batch_size = settings.batch_size;
    workload.prepare();
    auto start = Clock::now() + to_duration(settings.warmup) + std::chrono::milliseconds(100);
    Window window{start, start + to_duration(settings.seconds)};

    std::size_t threads = std::max<std::size_t>(1, std::min(settings.threads, settings.connections));
    std::vector<ThreadTallies> tallies(threads);
    std::vector<std::thread> workers;
    for (std::size_t t = 0, first = 0; t < threads; ++t) {
        std::size_t share = settings.connections / threads + (t < settings.connections % threads ? 1 : 0);
        workers.emplace_back([&, t, first, share] {
            try {
                tallies[t] = drive(settings, target, paired_target, workload, first, share, window);
            } catch (const std::exception& error) {
                std::cerr << "rpc_load: " << error.what() << '\n';
                tallies[t].first.errors += share;
            }
        });
        first += share;
    }
    for (auto& worker : workers) worker.join();

    Tally total = add_up(tallies, &ThreadTallies::first);
    auto result = figures_of(total, settings);
    if (paired_target != nullptr) {
        Tally paired = add_up(tallies, &ThreadTallies::paired);
        result["paired"] = figures_of(paired, settings);
        // A wrong answer from either server makes the run's figures worthless.
        result["errors"] = total.errors + paired.errors;
        if (paired.calls == 0) result["ok"] = 0;
    }
    return result;
}

void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge benchmark load generator (tcp://, unix://, ws://)"};
    Settings settings;
    app.add_option("--url", settings.url, "server endpoint")->required();
    app.add_option("--paired-url", settings.paired_url,
                   "a second server: each connection gets a partner to it, and the two take turns");
    app.add_option("--workload", settings.workload, "add, echo or batch")->check(CLI::IsMember({"add", "echo", "batch"}));
    app.add_option("--connections", settings.connections, "connections")->check(CLI::Range(1, 100000));
    app.add_option("--depth", settings.depth, "messages in flight per connection")->check(CLI::Range(1, 4096));
    app.add_option("--threads", settings.threads, "generator threads")->check(CLI::Range(1, 64));
    app.add_option("--seconds", settings.seconds, "measured seconds")->check(CLI::PositiveNumber);
    app.add_option("--warmup", settings.warmup, "seconds before measuring")->check(CLI::NonNegativeNumber);
    app.add_option("--size", settings.echo_bytes, "echo text bytes");
    app.add_option("--batch", settings.batch_size, "calls per batch")->check(CLI::Range(1, 100000));
    app.add_flag("--notifications", settings.notifications, "send notifications as fast as taken, then count them");
    app.add_option("--idle", settings.idle, "open this many idle connections and hold them");
    app.add_option("--hold", settings.hold, "seconds to hold idle connections");
    CLI11_PARSE(app, argc, argv);

    try {
        raise_open_file_limit();
        Target target = parse_target(settings.url);
        std::optional<Target> paired_target;
        if (!settings.paired_url.empty()) paired_target = parse_target(settings.paired_url);
        bool calls = settings.idle == 0 && !settings.notifications;
        if (paired_target && !calls)
            throw std::invalid_argument("--paired-url pairs calls: not with --idle or --notifications");
        if (target.kind == Target::Kind::http && !calls)
            throw std::invalid_argument("http:// carries calls: not with --idle or --notifications");
        nlohmann::json result;
        if (settings.idle > 0)
            result = hold_idle_connections(target, settings.idle, to_duration(settings.hold));
        else if (settings.notifications)
            result = flood_notifications(target, to_duration(settings.warmup), to_duration(settings.seconds));
        else
            result = run_load(settings, target, paired_target ? &*paired_target : nullptr);
        std::cout << result.dump() << std::endl;
        bool failed = result.value("errors", 0) > 0 || (result.contains("ok") && result["ok"] == 0);
        return failed ? 1 : 0;
    } catch (const std::exception& error) {
        std::cerr << "rpc_load: " << error.what() << '\n';
        return 1;
    }
}
