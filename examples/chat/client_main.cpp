// The chat client: joins the room under a name, says what it is given (each --say, or else each
// line of its standard input), and prints what the server pushes as it arrives. With
// --wait-for N it stays until it has heard N messages, so that a script can run a conversation.

#include "chat_client.hpp"
#include "example_client.hpp"

#include <rpcforge/client.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

namespace {

std::mutex print_mutex;

void print(const std::string& line) {
    std::lock_guard lock(print_mutex);
    std::cout << line << std::endl;
}

/// What the room tells this member: the generated callbacks interface, implemented.
class RoomListener final : public chat::ChatCallbacks {
public:
    void message_posted(const chat::Message& message) override {
        print("[" + std::to_string(message.sequence) + "] " + message.from + ": " + message.text);
        std::lock_guard lock(mutex_);
        ++messages_heard_;
        heard_.notify_all();
    }
    void member_joined(const std::string& name) override { print("* " + name + " joined"); }
    void member_left(const std::string& name) override { print("* " + name + " left"); }

    /// Whether `count` messages were heard within `timeout`.
    bool wait_for_messages(std::size_t count, std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        return heard_.wait_for(lock, timeout, [&] { return messages_heard_ >= count; });
    }

private:
    std::mutex mutex_;
    std::condition_variable heard_;
    std::size_t messages_heard_ = 0;
};

void greet(const chat::Welcome& welcome) {
    std::string names;
    for (const auto& name : welcome.members) names += (names.empty() ? "" : ", ") + name;
    print("in the room: " + names);
    for (const auto& message : welcome.recent) print("[" + std::to_string(message.sequence) + "] " + message.from + ": " + message.text);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rpcforge chat client"};
    std::string uri = "ws://127.0.0.1:7003/chat";
    std::string name;
    std::vector<std::string> lines;
    std::size_t wait_for = 0;
    int timeout_seconds = 10;
    app.add_option("--connect", uri, "the server: ws://, wss://, tcp://, unix:// or tls://")->capture_default_str();
    app.add_option("--name", name, "the name to join under")->required();
    app.add_option("--say", lines, "what to say (repeatable); without it, each line of standard input");
    app.add_option("--wait-for", wait_for, "stay until this many messages were heard, then leave");
    app.add_option("--timeout", timeout_seconds, "seconds --wait-for waits at most")->capture_default_str();
    rpcforge::ClientOptions options;
    rpcforge::examples::add_client_tls_options(app, options.tls);
    CLI11_PARSE(app, argc, argv);

    RoomListener listener;
    rpcforge::Dispatcher handlers;
    chat::bind(listener).add_to(handlers);
    options.handlers = &handlers;
    try {
        rpcforge::Client connection(uri, options);
        chat::ChatClient room(connection);
        greet(room.join(name));
        if (lines.empty())
            for (std::string line; std::getline(std::cin, line);) room.say(line);
        for (const auto& line : lines) room.say(line);
        if (!listener.wait_for_messages(wait_for, std::chrono::seconds(timeout_seconds))) {
            std::cerr << "chat_client: heard fewer than " << wait_for << " messages in " << timeout_seconds << " s\n";
            return 1;
        }
    } catch (const chat::NameTaken& e) {
        std::cerr << "chat_client: " << name << ": " << e.message() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "chat_client: " << e.what() << "\n";
        return 1;
    }
}
