#pragma once
// The room behind the chat server: the generated chat::Chat interface, implemented. Members are
// known by their connection, which the call context gives each method, and hear the room
// through the generated chat::ChatNotifier.

#include "chat_server.hpp"

#include <rpcforge/peer.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace chat {

class ChatRoom final : public Chat {
public:
    Welcome join(rpcforge::CallContext& context, const std::string& name) override;
    Message say(rpcforge::CallContext& context, const std::string& text) override;
    std::vector<std::string> members() override;

    /// A connection closed: its member, if it had joined, leaves and the others hear of it.
    void leave(const rpcforge::Peer& peer);

private:
    struct Member {
        std::string name;
        std::shared_ptr<rpcforge::Peer> peer;
    };

    /// Sends one callback to every member. Called with mutex_ held, so that every member hears
    /// the room's events in one order, the order of their sequence numbers.
    template <class Send>
    void tell_everyone(Send send);
    const Member* find(const rpcforge::Peer& peer) const;

    static constexpr std::size_t recent_limit = 20;

    std::mutex mutex_;
    std::vector<Member> members_;
    std::deque<Message> recent_;
    std::int64_t sequence_ = 0;
};

}  // namespace chat
