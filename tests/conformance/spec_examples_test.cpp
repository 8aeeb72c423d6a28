// The JSON-RPC 2.0 specification's own examples (conformance/jsonrpc2_spec_examples.json), sent as raw text over
// every transport and compared, as parsed JSON, with the answers the specification gives.

#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace rpcforge::test {
namespace {

struct Example {
    std::string name;
    std::string request;
    std::optional<json> expected;  // nothing: the server must not answer
};

std::vector<Example> load_examples() {
    std::ifstream file(RPCFORGE_CONFORMANCE_FILE);
    if (!file) throw std::runtime_error("cannot read " RPCFORGE_CONFORMANCE_FILE);
    std::vector<Example> examples;
    for (const auto& item : json::parse(file)) {
        Example example{item.at("name"), item.at("request"), std::nullopt};
        if (!item.at("expected").is_null()) example.expected = json::parse(item.at("expected").get<std::string>());
        examples.push_back(std::move(example));
    }
    return examples;
}

/// "data" is the server's to define (specification, section 5.1): ours carries details the
/// examples cannot know, so it is left out of the comparison. Everything else must match.
json without_error_data(json answer) {
    auto strip = [](json& one) {
        if (one.is_object() && one.contains("error") && one["error"].is_object()) one["error"].erase("data");
    };
    if (answer.is_array())
        for (auto& one : answer) strip(one);
    else
        strip(answer);
    return answer;
}

class SpecExamples : public ::testing::TestWithParam<Transport> {};

TEST_P(SpecExamples, AnswerAsTheSpecificationSays) {
    auto examples = load_examples();
    ASSERT_EQ(examples.size(), 15u);
    TestServer server(GetParam());
    auto channel = server.raw();
    for (const auto& example : examples) {
        SCOPED_TRACE(example.name);
        channel->send(example.request);
        // Requests on one connection are answered in order, so when the next answer is the
        // sentinel's, the example itself got none.
        channel->send(R"({"jsonrpc": "2.0", "method": "echo", "params": ["sentinel"], "id": "sentinel"})");
        if (example.expected) {
            auto answer = channel->receive();
            ASSERT_TRUE(answer) << "no answer";
            EXPECT_EQ(without_error_data(json::parse(*answer)), *example.expected) << *answer;
        }
        auto sentinel = channel->receive();
        ASSERT_TRUE(sentinel) << "no answer to the sentinel";
        EXPECT_EQ(json::parse(*sentinel).at("id"), "sentinel") << "unexpected answer: " << *sentinel;
    }
    // The notifications in the examples reached their handlers: messages in order, the last
    // two together in one batch, whose members run concurrently, in any order.
    auto received = server.received().all();
    ASSERT_EQ(received.size(), 4u);
    EXPECT_EQ(received[0], "update[1,2,3,4,5]");
    EXPECT_EQ(received[1], "notify_hello[7]");
    std::sort(received.begin() + 2, received.end());
    EXPECT_EQ(received[2], "notify_hello[7]");
    EXPECT_EQ(received[3], "notify_sum[1,2,4]");
}

INSTANTIATE_TEST_SUITE_P(Transports, SpecExamples,
                         ::testing::Values(Transport::memory, Transport::tcp4, Transport::unix_socket,
                                           Transport::tcp4_content_length, Transport::unix_json_stream,
                                           Transport::tls4, Transport::http4, Transport::https4, Transport::ws4,
                                           Transport::wss4),
                         [](const auto& info) { return name_of(info.param); });

}  // namespace
}  // namespace rpcforge::test
