// The generated codecs of a struct-heavy method (InventoryService::plan, see
// services/inventory/inventory_service.hpp): its params decoded from JSON, its result encoded
// to JSON, and the whole call, request text to answer text, through a Dispatcher. The code is
// generated at build time by add_rpc_service(), as users build theirs.

#include "inventory_server.hpp"

#include <rpcforge/codec.hpp>
#include <rpcforge/dispatcher.hpp>
#include <rpcforge/protocol.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace {

using namespace rpcforge;
using inventory::Item;
using inventory::Order;
using inventory::PickList;

constexpr int items_per_order = 8;

Item item(int n) {
    Item out;
    out.sku = "SKU-" + std::to_string(100000 + n);
    out.name = "Stainless steel bolt M" + std::to_string(4 + n % 8) + ", box of 100";
    out.quantity = 1 + n % 5;
    out.dimensions = {12.5 + n, 8.25, 4.0, 0.75 * (n + 1)};
    out.location = {"Rotterdam-2", "A" + std::to_string(n % 12), 3 + n % 7,
                    static_cast<inventory::Zone>(n % 4)};
    out.tags = {"fastener", "steel", n % 2 == 0 ? "bulk" : "single"};
    if (n % 2 == 0) out.lot = "LOT-2026-" + std::to_string(n);
    return out;
}

Order order() {
    Order out;
    out.id = "ORD-2026-000417";
    out.customer = "Van der Berg Installatietechniek B.V.";
    out.ship_to = {"Industrieweg 12", "Rotterdam", "3044 AS", "NL"};
    for (int n = 0; n < items_per_order; ++n) out.items.push_back(item(n));
    out.note = "deliver before noon";
    return out;
}

PickList pick_list(const Order& order) {
    return PickList{order.id, inventory::Status::picking, order.items, {"anna", "bram"}, 1795000000};
}

/// The implementation: a pick list of the order's items, as much work as a copy.
class Planner : public inventory::InventoryService {
public:
    PickList plan(const Order& order, std::optional<std::string> picker) override {
        auto out = pick_list(order);
        if (picker) out.pickers.push_back(std::move(*picker));
        return out;
    }
};

json plan_params() { return json{{"order", to_json_value(order())}, {"picker", "carla"}}; }

std::string plan_request_text() {
    return to_wire(make_request("plan", plan_params(), 7));
}

void count_bytes(benchmark::State& state, std::size_t bytes_per_item) {
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_item));
}

// The functions a benchmark repeats are kept out of line, so that callgrind counts their
// instructions per call (bench/instructions_per_call.py).

/// The params of plan, already parsed, to its arguments as the generated server reads them.
[[gnu::noinline]] std::pair<Order, std::optional<std::string>> decode_plan_params(const json& params) {
    const rpcforge::Params in(params, {"order", "picker"}, rpcforge::ParamStructure::either);
    return {in.required<Order>(0, "order"), in.optional<std::string>(1, "picker")};
}

[[gnu::noinline]] json encode_pick_list(const PickList& result) { return to_json_value(result); }

[[gnu::noinline]] std::string serialise(const json& value) { return to_wire(value); }

void DecodeOrderParams(benchmark::State& state) {
    const json params = plan_params();
    for (auto _ : state) benchmark::DoNotOptimize(decode_plan_params(params));
    count_bytes(state, to_wire(params).size());
}
BENCHMARK(DecodeOrderParams);

/// A PickList to JSON, as the generated server encodes the result.
void EncodePickListResult(benchmark::State& state) {
    const PickList result = pick_list(order());
    for (auto _ : state) benchmark::DoNotOptimize(encode_pick_list(result));
    count_bytes(state, to_wire(encode_pick_list(result)).size());
}
BENCHMARK(EncodePickListResult);

/// The encoded PickList to the text that goes on the wire.
void SerialisePickListResult(benchmark::State& state) {
    const json result = encode_pick_list(pick_list(order()));
    const auto bytes = serialise(result).size();
    for (auto _ : state) benchmark::DoNotOptimize(serialise(result));
    count_bytes(state, bytes);
}
BENCHMARK(SerialisePickListResult);

/// Request text to answer text through a Dispatcher with the generated binding: parse,
/// classify, decode the params, call, encode the result, serialise.
[[gnu::noinline]] std::string serve_message(const Dispatcher& dispatcher, const std::string& text) {
    const ProtocolOptions protocol;
    auto incoming = classify(decode(text, protocol.limits), protocol);
    auto context = std::make_shared<MessageContext>();
    std::string answer_text;
    dispatcher.dispatch(std::get<Request>(incoming.messages.front()), CallSite{nullptr, context},
                        [&answer_text](std::optional<json> answer) { answer_text = to_wire(*answer); });
    return answer_text;
}

void WholePlanCall(benchmark::State& state) {
    Planner planner;
    Dispatcher dispatcher;
    inventory_rpc::bind(planner).add_to(dispatcher);
    const auto text = plan_request_text();
    if (auto answer = serve_message(dispatcher, text); json::parse(answer).contains("error"))
        throw std::logic_error("plan failed: " + answer);
    for (auto _ : state) benchmark::DoNotOptimize(serve_message(dispatcher, text));
    count_bytes(state, text.size());
}
BENCHMARK(WholePlanCall);

}  // namespace

BENCHMARK_MAIN();
