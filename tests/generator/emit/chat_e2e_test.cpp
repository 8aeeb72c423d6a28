// A service declared in C++ (chat_service.hpp), its code generated from the hand-built model of
// that header into another namespace, run end to end over a real TCP socket: the generated
// binding serves the user's own implementation, and the generated client is used through the
// user's interface, so the same code runs locally and remotely.

#include "chat_client.hpp"
#include "chat_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <future>
#include <mutex>
#include <thread>

namespace {

using rpcforge::json;
using namespace std::chrono_literals;

class Rooms final : public chat::ChatService {
public:
    long long post(const std::string& room, chat::Message message) override {
        std::lock_guard lock(mutex_);
        auto& messages = rooms_[room];
        messages.push_back(std::move(message));
        return static_cast<long long>(messages.size());
    }
    std::vector<chat::Message> history(const std::string& room, std::optional<std::int16_t> limit) override {
        std::lock_guard lock(mutex_);
        auto messages = rooms_[room];
        if (limit && *limit < static_cast<std::int16_t>(messages.size())) messages.resize(static_cast<std::size_t>(*limit));
        return messages;
    }
    chat::Payload echo(const chat::Payload& payload) override { return payload; }
    std::map<std::string, chat::Amount> tally(const std::vector<chat::Amount>& amounts) override {
        std::int64_t count = 0;
        std::string words;
        for (const auto& amount : amounts) {
            if (const auto* number = std::get_if<std::int64_t>(&amount))
                count += *number;
            else
                words += std::get<std::string>(amount);
        }
        return {{"count", count}, {"words", words}};
    }
    float scale(std::int16_t value, float factor) override { return static_cast<float>(value) * factor; }
    nlohmann::json inspect(const nlohmann::json& value) override { return {{"got", value}}; }
    std::string whoami(rpcforge::CallContext& context, const std::string& greeting) override {
        return greeting + " over " + context.transport() + " from " + context.remote_address();
    }
    void count(const std::string& room, rpcforge::Reply<std::int64_t> reply) override {
        std::int64_t messages = 0;
        {
            std::lock_guard lock(mutex_);
            auto found = rooms_.find(room);
            if (found == rooms_.end()) return reply.fail(rpcforge::Error(-32044, "no room " + room));
            messages = static_cast<std::int64_t>(found->second.size());
        }
        // Answered from another thread, after the handler has returned.
        std::thread([reply, messages] { reply(messages); }).detach();
    }
    void ping(chat::shared::Mood mood) override {
        std::lock_guard lock(mutex_);
        moods_.push_back(mood);
        pinged_.notify_all();
    }

    std::vector<chat::shared::Mood> wait_for_moods(std::size_t count) {
        std::unique_lock lock(mutex_);
        pinged_.wait_for(lock, 10s, [&] { return moods_.size() >= count; });
        return moods_;
    }

private:
    std::mutex mutex_;
    std::condition_variable pinged_;
    std::map<std::string, std::vector<chat::Message>> rooms_;
    std::vector<chat::shared::Mood> moods_;
};

chat::Message greeting() {
    chat::Message message{};
    message.text = "hello";
    message.priority = std::int16_t{-300};
    message.attachments = {{"photo.png", 4000000000u}};
    message.reactions = {{"+1", 2.5f}};
    message.extra = json{{"thread", 7}};
    message.mood = chat::shared::Mood::sad;
    return message;
}

/// Code written against the user's interface only: it cannot tell a local service from a remote one.
std::vector<std::string> conversation(chat::ChatService& chat) {
    std::vector<std::string> seen;
    seen.push_back(std::to_string(chat.post("lobby", greeting())));
    chat::Message plain{};  // value-initialised: its enum and integers hold defined values
    plain.text = "bye";
    seen.push_back(std::to_string(chat.post("lobby", plain)));
    for (const auto& message : chat.history("lobby", std::int16_t{1})) seen.push_back(message.text);
    seen.push_back(std::to_string(chat.history("lobby", std::nullopt).size()));
    seen.push_back(std::get<std::string>(chat.echo(chat::Payload(std::string("text")))));
    seen.push_back(std::get<chat::Message>(chat.echo(chat::Payload(greeting()))) == greeting() ? "same" : "changed");
    const auto tally = chat.tally({std::int64_t{2}, std::string("ab"), std::int64_t{40}, std::string("c")});
    seen.push_back(std::to_string(std::get<std::int64_t>(tally.at("count"))) + std::get<std::string>(tally.at("words")));
    seen.push_back(std::to_string(chat.scale(std::int16_t{-3})));  // the interface's default argument
    seen.push_back(chat.inspect(json::array({1, "x"})).dump());
    chat.ping(chat::shared::Mood::happy);
    return seen;
}

const std::vector<std::string> expected_conversation = {
    "1", "2", "hello", "2", "text", "same", "42abc", std::to_string(-4.5f), R"({"got":[1,"x"]})"};

class ChatOverTcp : public ::testing::Test {
protected:
    ChatOverTcp() {
        chat_rpc::bind(rooms).add_to(dispatcher);
        uri = server.listen("tcp://127.0.0.1:0");
        server.start();
        connection = std::make_unique<rpcforge::Client>(uri);
        client = std::make_unique<chat_rpc::ChatServiceClient>(*connection);
    }

    int error_code(const std::string& method, json params) {
        try {
            connection->call(method, std::move(params));
        } catch (const rpcforge::Error& e) {
            last_error = e.message();
            return e.code();
        }
        return 0;
    }

    Rooms rooms;
    rpcforge::Dispatcher dispatcher;
    rpcforge::Server server{dispatcher};
    std::unique_ptr<rpcforge::Client> connection;
    std::unique_ptr<chat_rpc::ChatServiceClient> client;
    std::string uri;
    std::string last_error;
};

TEST_F(ChatOverTcp, CodeWrittenAgainstTheInterfaceRunsLocallyAndRemotelyAlike) {
    Rooms local;
    EXPECT_EQ(conversation(local), expected_conversation);
    chat::ChatService& remote = *client;
    EXPECT_EQ(conversation(remote), expected_conversation);
    EXPECT_EQ(rooms.wait_for_moods(1), std::vector<chat::shared::Mood>{chat::shared::Mood::happy});
}

TEST_F(ChatOverTcp, AMethodTakingTheCallContextSeesTheConnection) {
    const std::string seen = client->whoami("hi");
    EXPECT_EQ(seen.rfind("hi over tcp from tcp://127.0.0.1:", 0), 0u) << seen;
    EXPECT_EQ(connection->call("whoami", json{{"greeting", "hey"}}).get<std::string>().rfind("hey over tcp", 0), 0u)
        << "the context is no JSON parameter";
    // Through the interface the client takes a context and ignores it: the server's is the one that counts.
    rpcforge::Request request{};
    rpcforge::MessageContext message;
    rpcforge::CallContext local_context{request, nullptr, message};
    chat::ChatService& remote = *client;
    EXPECT_EQ(remote.whoami(local_context, "yo").rfind("yo over tcp from tcp://127.0.0.1:", 0), 0u);
}

TEST_F(ChatOverTcp, AnAsynchronousMethodAnswersThroughItsReply) {
    client->post("counted", chat::Message{});
    client->post("counted", chat::Message{});
    EXPECT_EQ(client->count("counted"), 2);
    EXPECT_THROW(client->count("attic"), rpcforge::Error);
    // Through the interface the client answers the caller's reply with the server's answer.
    std::promise<json> answered;
    chat::ChatService& remote = *client;
    remote.count("counted", rpcforge::Reply<std::int64_t>::with([&](json result, std::exception_ptr error) {
        if (error) return answered.set_exception(error);
        answered.set_value(result);
    }));
    EXPECT_EQ(answered.get_future().get(), 2);
}

/// A client's side of the user's callbacks interface.
class EventLog final : public chat::ChatEvents {
public:
    void posted(const std::string& room, const chat::Message& message) override {
        std::lock_guard lock(mutex_);
        seen_.push_back(room + ": " + message.text);
        changed_.notify_all();
    }

    std::vector<std::string> wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 10s, [&] { return seen_.size() >= count; });
        return seen_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> seen_;
};

TEST_F(ChatOverTcp, TheServerPushesThroughTheUsersCallbacksInterface) {
    EventLog events;
    rpcforge::Dispatcher handlers;
    chat_rpc::bind(events).add_to(handlers);
    rpcforge::ClientOptions options;
    options.handlers = &handlers;
    rpcforge::Client listener(uri, options);
    listener.call("whoami", json{{"greeting", "hi"}});  // connected: the server has its peer
    for (const auto& peer : server.peers()) {
        // The generated notifier implements the user's interface: server code can be written against it.
        chat_rpc::ChatServiceNotifier notifier(*peer);
        chat::ChatEvents& to_client = notifier;
        to_client.posted("lobby", greeting());
    }
    EXPECT_EQ(events.wait_for(1), std::vector<std::string>{"lobby: hello"})
        << "the fixture's own client has no handlers and drops the notification";
}

TEST_F(ChatOverTcp, TheUsersTypesAreOnTheWireAsDescribed) {
    EXPECT_EQ(connection->call("post", {{"room", "r"}, {"message", rpcforge::to_json_value(greeting())}}), 1);
    EXPECT_EQ(rpcforge::to_json_value(greeting()),
              json::parse(R"({"text": "hello", "priority": -300, "attachments": [{"name": "photo.png", "size": 4000000000}],
                              "reactions": {"+1": 2.5}, "extra": {"thread": 7}, "mood": "sad"})"));
    EXPECT_EQ(connection->call("echo", {{"payload", "plain"}}), "plain");
    EXPECT_EQ(connection->call("scale", {{"value", 2}}), 3.0) << "the server applies the default";
    EXPECT_EQ(connection->call("tally", {{"amounts", {1, "a", 2}}}), json::parse(R"({"count": 3, "words": "a"})"));
    EXPECT_EQ(client->history_async("r").get().at(0), greeting()) << "the optional limit left out";
    chat_rpc::ChatServiceBatch batch(*connection);
    auto scaled = batch.scale(4, 0.5f);
    batch.ping(chat::shared::Mood::sad);
    batch.send();
    EXPECT_EQ(scaled.get(), 2.0f);
    EXPECT_EQ(rooms.wait_for_moods(1), std::vector<chat::shared::Mood>{chat::shared::Mood::sad});
}

TEST_F(ChatOverTcp, NarrowIntegersAreRangeChecked) {
    EXPECT_EQ(error_code("scale", {{"value", 70000}, {"factor", 1}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'value' is out of range: 70000 is not in [-32768, 32767]");
    json message = rpcforge::to_json_value(greeting());
    message["priority"] = 70000;
    EXPECT_EQ(error_code("post", {{"room", "r"}, {"message", message}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'message.priority' is out of range: 70000 is not in [-32768, 32767]");
    EXPECT_EQ(error_code("history", {{"room", "r"}, {"limit", -32769}}), rpcforge::error_code::invalid_params);
    message = rpcforge::to_json_value(greeting());
    message["attachments"][0]["size"] = -1;
    EXPECT_EQ(error_code("post", {{"room", "r"}, {"message", message}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'message.attachments[0].size' is out of range: -1 is not in [0, 4294967295]");
}

TEST_F(ChatOverTcp, ValuesThatFitNoAlternativeOrEnumeratorAreRefused) {
    EXPECT_EQ(error_code("echo", {{"payload", 3}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(error_code("tally", {{"amounts", {1.5}}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(error_code("post", {{"room", "r"}, {"message", {{"text", "x"}}}}), rpcforge::error_code::invalid_params);
    EXPECT_EQ(last_error, "Invalid params: 'message.attachments' is missing");
}

}  // namespace
