#pragma once
// A service declared as an ordinary C++ interface, as a user writes it for the C++ header
// frontend. declared_model.cpp builds by hand the model that frontend makes of it; the emitter
// tests generate code from that model into another namespace (chat_rpc) and run it against
// this very header, so the user's types sit in namespaces of their own, one nested in a struct
// and two std::variant aliases (one of standard types only).

#include <rpcforge/annotations.hpp>
#include <rpcforge/context.hpp>
#include <rpcforge/reply.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace chat {

namespace shared {

enum class Mood { happy, sad };

}  // namespace shared

struct Message {
    /// A file sent along: a type nested in another.
    struct Attachment {
        std::string name;
        std::uint32_t size;

        bool operator==(const Attachment&) const = default;
    };

    std::string text;
    std::optional<std::int16_t> priority;
    std::vector<Attachment> attachments;
    std::map<std::string, float> reactions;
    nlohmann::json extra;
    shared::Mood mood;

    bool operator==(const Message&) const = default;
};

/// A message, or a plain text.
using Payload = std::variant<Message, std::string>;
/// A count or a word: a variant of standard types only, with no namespace of its own.
using Amount = std::variant<std::int64_t, std::string>;

class RPCFORGE_SERVICE ChatService {
public:
    virtual ~ChatService() = default;

    /// Posts a message to a room; returns its number there.
    RPCFORGE_METHOD virtual long long post(const std::string& room, Message message) = 0;
    /// The messages of a room, at most `limit` of them.
    RPCFORGE_METHOD RPCFORGE_IDEMPOTENT virtual std::vector<Message> history(const std::string& room,
                                                                         std::optional<std::int16_t> limit) = 0;
    RPCFORGE_METHOD virtual Payload echo(const Payload& payload) = 0;
    /// Counts and words, added up by kind.
    RPCFORGE_METHOD virtual std::map<std::string, Amount> tally(const std::vector<Amount>& amounts) = 0;
    RPCFORGE_METHOD virtual float scale(std::int16_t value, float factor = 1.5f) = 0;
    RPCFORGE_METHOD virtual nlohmann::json inspect(const nlohmann::json& value) = 0;
    RPCFORGE_NOTIFICATION virtual void ping(shared::Mood mood) = 0;
    /// How the server sees the caller: the call context comes first and is no JSON parameter.
    RPCFORGE_METHOD virtual std::string whoami(rpcforge::CallContext& context, const std::string& greeting) = 0;
    /// How many messages a room has, answered later, through the reply.
    RPCFORGE_METHOD virtual void count(const std::string& room, rpcforge::Reply<std::int64_t> reply) = 0;
};

/// What the server pushes to clients: they implement it, and the generated notifier does too.
class RPCFORGE_CALLBACKS ChatEvents {
public:
    virtual ~ChatEvents() = default;

    /// A message was posted to a room.
    RPCFORGE_NOTIFICATION virtual void posted(const std::string& room, const Message& message) = 0;
};

}  // namespace chat
