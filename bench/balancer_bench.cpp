// What the balancing channel costs per call (docs/scale-out.md, docs/benchmarks.md): the same
// add() over TCP on loopback to in-process servers, through a direct Client and through a
// BalancedChannel, in one run. One caller waiting for each answer (the latency a call pays),
// and 64 calls in flight (the rate one caller can drive).

#include <rpcforge/balanced_channel.hpp>
#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <benchmark/benchmark.h>

#include <deque>
#include <memory>

namespace {

using rpcforge::json;

/// Servers answering add(a, b) on the I/O thread, as the suite's headline rows do.
struct Servers {
    explicit Servers(int count) {
        dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
        for (int i = 0; i < count; ++i) {
            auto& server = servers.emplace_back(std::make_unique<rpcforge::Server>(dispatcher));
            uris.push_back(server->listen("tcp://127.0.0.1:0"));
            server->start();
        }
    }
    rpcforge::Dispatcher dispatcher;
    std::vector<std::unique_ptr<rpcforge::Server>> servers;
    std::vector<std::string> uris;
};

void call_one_at_a_time(benchmark::State& state, rpcforge::Channel& channel) {
    std::int64_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(channel.call("add", {{"a", i++}, {"b", 1}}));
    state.SetItemsProcessed(state.iterations());
}

void call_64_in_flight(benchmark::State& state, rpcforge::Channel& channel) {
    std::deque<std::future<json>> in_flight;
    std::int64_t i = 0;
    for (auto _ : state) {
        in_flight.push_back(channel.call_async("add", {{"a", i++}, {"b", 1}}));
        if (in_flight.size() == 64) {
            benchmark::DoNotOptimize(in_flight.front().get());
            in_flight.pop_front();
        }
    }
    for (auto& answer : in_flight) answer.get();
    state.SetItemsProcessed(state.iterations());
}

void DirectClient(benchmark::State& state) {
    Servers servers(1);
    rpcforge::Client client(servers.uris.front());
    state.range(0) == 1 ? call_one_at_a_time(state, client) : call_64_in_flight(state, client);
}
BENCHMARK(DirectClient)->Arg(1)->Arg(64)->UseRealTime();

void BalancedOverOne(benchmark::State& state) {
    Servers servers(1);
    rpcforge::BalancedChannel channel(rpcforge::endpoint_list(servers.uris), "bench");
    state.range(0) == 1 ? call_one_at_a_time(state, channel) : call_64_in_flight(state, channel);
}
BENCHMARK(BalancedOverOne)->Arg(1)->Arg(64)->UseRealTime();

void BalancedOverThree(benchmark::State& state) {
    Servers servers(3);
    rpcforge::BalancedChannel channel(rpcforge::endpoint_list(servers.uris), "bench");
    state.range(0) == 1 ? call_one_at_a_time(state, channel) : call_64_in_flight(state, channel);
}
BENCHMARK(BalancedOverThree)->Arg(1)->Arg(64)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
