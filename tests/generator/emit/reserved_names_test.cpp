// Parameter and field names that generated code also uses for its own locals and members, or
// that are C++ keywords, generated through add_rpc_service() from reserved_names.openrpc.json:
// the code compiles with the project's warnings, and every value reaches its own parameter.

#include "reserved_names_client.hpp"
#include "reserved_names_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <numeric>

namespace {

class Names final : public names::Names {
public:
    std::vector<std::int64_t> echo_all(std::int64_t params_, std::int64_t service_, std::int64_t binding_,
                                       std::int64_t channel_arg2, std::int64_t options_arg, std::int64_t document_,
                                       std::int64_t context, std::int64_t in_2, std::int64_t out, std::int64_t args_,
                                       std::int64_t result, std::int64_t options, std::int64_t batch,
                                       std::int64_t channel, std::int64_t channel_arg, std::int64_t in_) override {
        return {params_, service_, binding_, channel_arg2, options_arg, document_, context, in_2,
                out,     args_,    result,   options,      batch,       channel,   channel_arg, in_};
    }
    names::Keywords echo_struct(const names::Keywords& value) override { return value; }
};

struct ReservedNames : ::testing::Test {
    Names service;
    rpcforge::Dispatcher dispatcher;
    std::unique_ptr<rpcforge::Server> server;
    std::unique_ptr<rpcforge::Client> connection;

    void SetUp() override {
        names::bind(service).add_to(dispatcher);
        server = std::make_unique<rpcforge::Server>(dispatcher);
        auto uri = server->listen("tcp://127.0.0.1:0");
        server->start();
        connection = std::make_unique<rpcforge::Client>(uri);
    }
};

TEST_F(ReservedNames, EveryValueReachesItsOwnParameter) {
    names::NamesClient client(*connection);
    std::vector<std::int64_t> expected(16);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(client.echo_all(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), expected);
}

TEST_F(ReservedNames, TheWireKeepsTheDocumentsNames) {
    const char* wire_names[] = {"params", "service", "binding", "channel_", "options_", "document",
                                "context", "in", "out", "args", "result", "options",
                                "batch", "channel", "channel_arg", "in_"};
    rpcforge::json params = rpcforge::json::object();
    for (std::size_t i = 0; i < std::size(wire_names); ++i) params[wire_names[i]] = i;
    auto answer = connection->call("echo_all", params);
    for (std::size_t i = 0; i < std::size(wire_names); ++i) EXPECT_EQ(answer.at(i), i) << wire_names[i];
}

TEST_F(ReservedNames, KeywordFieldsKeepTheirWireNames) {
    names::NamesClient client(*connection);
    names::Keywords value{};
    value.in = 1;
    value.class_ = 2;
    value.json = 3;
    value.where = "here";
    EXPECT_EQ(client.echo_struct(value), value);
    auto wire = connection->call("echo_struct", {{"value", {{"in", 1}, {"class", 2}, {"json", 3}}}});
    EXPECT_EQ(wire, (rpcforge::json{{"in", 1}, {"class", 2}, {"json", 3}}));
}

}  // namespace
