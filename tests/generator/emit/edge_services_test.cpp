// Services at the edges compile with the project's warnings and work: one with nothing at all,
// in the global namespace, and one with only notifications and callbacks.

#include "empty_client.hpp"
#include "empty_server.hpp"
#include "events_client.hpp"
#include "events_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <future>

namespace {

class NoMethods final : public Empty {};

class Events final : public ::Events {
public:
    void ping() override {}
    void publish(const std::string& topic, const rpcforge::json& payload) override {
        published.set_value(topic + " " + payload.dump());
    }
    std::promise<std::string> published;
};

TEST(EdgeServices, AServiceWithNothingStillAnswersDiscover) {
    NoMethods service;
    rpcforge::Dispatcher dispatcher;
    bind(service).add_to(dispatcher);
    rpcforge::Server server(dispatcher);
    server.start();
    rpcforge::Client connection(server);
    EmptyClient client(connection);
    EXPECT_EQ(connection.call("rpc.discover").at("info").at("x-rpcforge-service"), "Empty");
}

TEST(EdgeServices, OnlyNotifications) {
    Events service;
    auto published = service.published.get_future();
    rpcforge::Dispatcher dispatcher;
    bind(service).add_to(dispatcher);
    rpcforge::Server server(dispatcher);
    server.start();
    rpcforge::Client connection(server);
    EventsClient client(connection);
    client.ping();
    client.publish("news", {{"n", 1}});
    ASSERT_EQ(published.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(published.get(), R"(news {"n":1})");
}

}  // namespace
