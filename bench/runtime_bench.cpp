// The cost of one JSON-RPC call in the runtime, without I/O: each step a server takes per
// message (parse, dispatch, serialise), then all of them in a row as Peer::on_message runs
// them. A small call (`add(1, 2)`), so that the envelope and the dispatcher, not the
// handler, are what is measured. Run under callgrind for instruction counts per call.

#include <rpcforge/codec.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/metrics.hpp>
#include <rpcforge/protocol.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace {

using namespace rpcforge;

constexpr std::string_view add_request_text = R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":1})";

/// What a server holds for its connections and reuses for every message.
struct Server {
    Server() {
        dispatcher.add("add", {"a", "b"}, [](std::int64_t a, std::int64_t b) { return a + b; });
    }

    Dispatcher dispatcher;
    ProtocolOptions protocol;
    CallSite::Scheduler resume_on_handlers = [](std::function<void()> work) { work(); };
};

// The functions a benchmark repeats are kept out of line, so that callgrind counts their
// instructions per call (bench/instructions_per_call.py).

[[gnu::noinline]] Request parse_request(std::string_view text, const ProtocolOptions& protocol) {
    auto incoming = classify(decode(text, protocol.limits), protocol);
    auto* request = std::get_if<Request>(&incoming.messages.front());
    if (incoming.is_batch || request == nullptr) throw std::logic_error("the benchmark's request is not one request");
    return std::move(*request);
}

/// One message in, its answer out, as Peer::on_message and Peer::finish do it: decode and
/// classify, a MessageContext for the message, the method's policy (which thread runs it),
/// dispatch, and the answer encoded. The connection and its threads are left out.
[[gnu::noinline]] std::string serve_message(const Server& server, std::string_view text) {
    auto incoming = classify(decode(text, server.protocol.limits), server.protocol);
    auto context = std::make_shared<MessageContext>();
    const auto& request = std::get<Request>(incoming.messages.front());
    benchmark::DoNotOptimize(server.dispatcher.policy(request.method).thread);
    std::string answer_text;
    server.dispatcher.dispatch(request, CallSite{nullptr, context, &server.resume_on_handlers},
                               [&answer_text, &context](std::optional<json> answer) {
                                   if (answer) answer_text = encode(*answer, context->serialization);
                               });
    return answer_text;
}

void count_messages(benchmark::State& state, std::size_t bytes_per_message) {
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_message));
}

/// Text to a Request: the JSON parse (with its depth limit) and the JSON-RPC checks.
void ParseRequest(benchmark::State& state) {
    ProtocolOptions protocol;
    for (auto _ : state) benchmark::DoNotOptimize(parse_request(add_request_text, protocol));
    count_messages(state, add_request_text.size());
}
BENCHMARK(ParseRequest);

/// A parsed request through Dispatcher::dispatch to a typed add(int64, int64), as a server
/// calls it (with a message context and a scheduler), up to its answer as JSON.
void DispatchTypedAdd(benchmark::State& state) {
    Server server;
    auto request = parse_request(add_request_text, server.protocol);
    auto context = std::make_shared<MessageContext>();
    CallSite site{nullptr, context, &server.resume_on_handlers};
    for (auto _ : state)
        server.dispatcher.dispatch(request, site, [](std::optional<json> answer) { benchmark::DoNotOptimize(answer); });
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(DispatchTypedAdd);

/// An answer, as JSON, to the text that goes on the wire.
void SerialiseResponse(benchmark::State& state) {
    const json answer = make_result(1, 3);
    const auto bytes = encode(answer, Serialization::json).size();
    for (auto _ : state) benchmark::DoNotOptimize(encode(answer, Serialization::json));
    count_messages(state, bytes);
}
BENCHMARK(SerialiseResponse);

/// Request text in, answer text out through `middleware` (none when null): everything a
/// server does per message but the I/O.
void whole_path(benchmark::State& state, std::shared_ptr<Middleware> middleware) {
    Server server;
    if (middleware) server.dispatcher.use(std::move(middleware));
    if (serve_message(server, add_request_text) != R"({"jsonrpc":"2.0","result":3,"id":1})")
        throw std::logic_error("the benchmark's call does not answer 3");
    for (auto _ : state) benchmark::DoNotOptimize(serve_message(server, add_request_text));
    count_messages(state, add_request_text.size());
}

void WholePath(benchmark::State& state) { whole_path(state, nullptr); }
BENCHMARK(WholePath);

/// The same with one middleware that does nothing: what the middleware path itself costs (a
/// Call record, two clock reads, the virtual calls); WholePath is what no middleware costs.
void WholePathWithMiddleware(benchmark::State& state) { whole_path(state, std::make_shared<Middleware>()); }
BENCHMARK(WholePathWithMiddleware);

/// The same with metrics on, as docs/observability.md sets them up: what counting a call
/// (outcome, duration, queue time, in flight) adds to WholePathWithMiddleware.
void WholePathWithMetrics(benchmark::State& state) { whole_path(state, std::make_shared<Metrics>()); }
BENCHMARK(WholePathWithMetrics);

}  // namespace

BENCHMARK_MAIN();
