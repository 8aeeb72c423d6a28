// The id table: answers in any order reach the right caller; what is owed fails cleanly.

#include <rpcforge/peer.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace rpcforge {
namespace {

/// The far end of a memory pair, scripted by the test: it answers a batch of calls when told.
class ScriptedEnd final : public ConnectionHandler {
public:
    std::shared_ptr<Connection> connection;
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<json> requests;

    void on_message(std::string message, std::shared_ptr<MessageContext>) override {
        std::lock_guard lock(mutex);
        requests.push_back(json::parse(message));
        arrived.notify_all();
    }
    void on_frame_error(const Error&, bool) override {}
    void on_input_end() override { connection->close(); }
    void on_closed(const std::string&) override {}

    std::vector<json> wait_for(std::size_t count) {
        std::unique_lock lock(mutex);
        arrived.wait_for(lock, std::chrono::seconds(5), [&] { return requests.size() >= count; });
        return requests;
    }
};

class PeerTest : public ::testing::Test {
protected:
    PeerTest() {
        auto [near, far] = make_memory_pair(io.get_executor(), io.get_executor());
        scripted->connection = far;
        far->start(scripted);
        peer = std::make_shared<Peer>(near, nullptr, io.get_executor(), PeerOptions{});
        peer->start();
        thread = std::thread([this] { io.run(); });
    }
    ~PeerTest() override {
        peer->abort();
        scripted->connection->abort();
        work.reset();
        thread.join();
    }

    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
    std::shared_ptr<ScriptedEnd> scripted = std::make_shared<ScriptedEnd>();
    std::shared_ptr<Peer> peer;
    std::thread thread;
};

TEST_F(PeerTest, AnswersInAnyOrderReachTheRightCaller) {
    std::vector<std::future<json>> answers;
    for (int i = 0; i < 10; ++i) answers.push_back(peer->call_async("square", {i}));
    auto requests = scripted->wait_for(10);
    ASSERT_EQ(requests.size(), 10u);
    // Answered backwards, half of them inside one batch.
    json batch = json::array();
    for (int i = 9; i >= 0; --i) {
        auto x = requests[i]["params"][0].get<int>();
        auto answer = make_result(requests[i]["id"], x * x);
        if (i % 2) batch.push_back(answer);
        else scripted->connection->send(to_wire(answer));
    }
    scripted->connection->send(to_wire(batch));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(answers[i].get(), i * i);
}

TEST_F(PeerTest, AnswersToUnknownIdsAreDropped) {
    auto answer = peer->call_async("m");
    auto requests = scripted->wait_for(1);
    scripted->connection->send(to_wire(make_result(424242, "stray")));
    scripted->connection->send(to_wire(make_result("not ours", "stray")));
    scripted->connection->send(to_wire(make_error(requests[0]["id"], Error(5, "five"))));
    try {
        answer.get();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), 5);
    }
}

TEST_F(PeerTest, ClosingFailsWhatIsOwed) {
    auto answer = peer->call_async("never_answered");
    scripted->wait_for(1);
    scripted->connection->close();
    EXPECT_THROW(answer.get(), ConnectionError);
    EXPECT_THROW(peer->call("late"), ConnectionError);
}

TEST_F(PeerTest, RequestsWithoutADispatcherAreMethodNotFound) {
    scripted->connection->send(R"({"jsonrpc":"2.0","method":"anything","id":"q"})");
    auto messages = scripted->wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0], json::parse(R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"q"})"));
}

}  // namespace
}  // namespace rpcforge
