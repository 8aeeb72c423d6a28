// Many clients at once over TCP, every answer checked.

#include "support/transports.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace rpcforge::test {
namespace {

TEST(Concurrency, SixtyFourClientsTimesAThousandCalls) {
    constexpr int clients = 64, calls = 1000, window = 50;
    TestServer server(Transport::tcp4);
    std::atomic<int> correct{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            Client client(server.uri());
            // Calls go out in windows of pipelined requests, the way busy clients send them.
            for (int first = 0; first < calls; first += window) {
                std::vector<std::future<json>> answers;
                for (int i = first; i < first + window; ++i) answers.push_back(client.call_async("add", {c, i}));
                for (int i = first; i < first + window; ++i)
                    if (answers[i - first].get() == c + i) ++correct;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(correct.load(), clients * calls);
}

TEST(Concurrency, ManyThreadsShareOneClient) {
    TestServer server(Transport::unix_socket);
    auto client = server.client();
    std::atomic<int> correct{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i)
                if (client->call("add", {t, i}) == t + i) ++correct;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(correct.load(), 8 * 200);
}

}  // namespace
}  // namespace rpcforge::test
