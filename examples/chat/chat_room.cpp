#include "chat_room.hpp"

#include <algorithm>
#include <iostream>

namespace chat {

Welcome ChatRoom::join(rpcforge::CallContext& context, const std::string& name) {
    // Members hear the room through callbacks: a transport that only answers requests (HTTP)
    // cannot carry them.
    if (!context.peer || !context.peer->can_call()) throw NoPushChannel();
    std::lock_guard lock(mutex_);
    const bool taken = std::any_of(members_.begin(), members_.end(), [&](const Member& m) { return m.name == name; });
    if (taken || find(*context.peer) != nullptr) throw NameTaken();
    tell_everyone([&](ChatNotifier& member) { member.member_joined(name); });
    members_.push_back({name, context.peer});
    std::cout << name << " joined from " << context.remote_address() << std::endl;
    Welcome welcome;
    for (const auto& member : members_) welcome.members.push_back(member.name);
    welcome.recent.assign(recent_.begin(), recent_.end());
    return welcome;
}

Message ChatRoom::say(rpcforge::CallContext& context, const std::string& text) {
    std::lock_guard lock(mutex_);
    const Member* speaker = context.peer ? find(*context.peer) : nullptr;
    if (speaker == nullptr) throw NotJoined();
    Message message{++sequence_, speaker->name, text};
    recent_.push_back(message);
    if (recent_.size() > recent_limit) recent_.pop_front();
    tell_everyone([&](ChatNotifier& member) { member.message_posted(message); });
    return message;
}

std::vector<std::string> ChatRoom::members() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& member : members_) names.push_back(member.name);
    return names;
}

void ChatRoom::leave(const rpcforge::Peer& peer) {
    std::lock_guard lock(mutex_);
    auto gone = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.peer.get() == &peer; });
    if (gone == members_.end()) return;
    const std::string name = gone->name;
    members_.erase(gone);
    std::cout << name << " left" << std::endl;
    tell_everyone([&](ChatNotifier& member) { member.member_left(name); });
}

template <class Send>
void ChatRoom::tell_everyone(Send send) {
    for (const auto& member : members_) {
        ChatNotifier notifier(*member.peer);
        try {
            send(notifier);
        } catch (const rpcforge::ConnectionError&) {
            // Its connection is closing; leave() takes the member out when it has closed.
        }
    }
}

const ChatRoom::Member* ChatRoom::find(const rpcforge::Peer& peer) const {
    for (const auto& member : members_)
        if (member.peer.get() == &peer) return &member;
    return nullptr;
}

}  // namespace chat
