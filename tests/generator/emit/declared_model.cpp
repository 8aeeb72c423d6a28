#include "declared_model.hpp"

namespace rpcforge::emit::testing {

namespace {

using model::Type;
using Kind = model::Type::Kind;

model::Name name(std::string both) {
    return {both, both};
}

/// A type as the C++ frontend maps it: its kind and the header's spelling.
Type spelled(Kind kind, std::string cpp, std::vector<Type> args = {}) {
    Type type = Type::of(kind);
    type.cpp = std::move(cpp);
    type.args = std::move(args);
    return type;
}

Type user_type(std::string name, std::string cpp) {
    Type type = Type::named_type(std::move(name));
    type.cpp = std::move(cpp);
    return type;
}

Type std_string() { return spelled(Kind::string, "std::string"); }
Type int16() { return spelled(Kind::int32, "int16_t"); }
Type message() { return user_type("Message", "chat::Message"); }
Type mood() { return user_type("Mood", "chat::shared::Mood"); }
Type payload() { return user_type("Payload", "chat::Payload"); }
Type amount() { return user_type("Amount", "chat::Amount"); }

model::Field field(std::string cpp, Type type, bool required = true) {
    model::Field out;
    out.name = name(std::move(cpp));
    out.type = std::move(type);
    out.required = required;
    return out;
}

model::Param param(std::string cpp, Type type, std::string declared, bool required = true) {
    model::Param out;
    out.name = name(std::move(cpp));
    out.type = std::move(type);
    out.required = required;
    out.cpp_declared = std::move(declared);
    return out;
}

model::Method method(std::string cpp, std::vector<model::Param> params, std::optional<Type> result,
                     std::string summary = {}) {
    model::Method out;
    out.name = name(std::move(cpp));
    out.params = std::move(params);
    out.result = std::move(result);
    out.summary = std::move(summary);
    return out;
}

std::vector<model::TypeDecl> types() {
    model::Enum mood_decl{name("Mood"), {name("happy"), name("sad")}, {}, "chat::shared::Mood", {}};
    model::Struct attachment{{"Message.Attachment", "Message_Attachment"},
                             {field("name", std_string()), field("size", spelled(Kind::uint32, "uint32_t"))},
                             "A file sent along: a type nested in another.",
                             "chat::Message::Attachment",
                             {}};
    const Type attachment_type = user_type("Message_Attachment", "chat::Message::Attachment");
    model::Struct message_decl{
        name("Message"),
        {field("text", std_string()), field("priority", int16(), false),
         field("attachments", spelled(Kind::array, "std::vector<chat::Message::Attachment>", {attachment_type})),
         field("reactions", spelled(Kind::map, "std::map<std::string, float>", {spelled(Kind::number, "float")})),
         field("extra", spelled(Kind::json, "nlohmann::json")), field("mood", mood())},
        {},
        "chat::Message",
        {}};
    model::Variant payload_decl{name("Payload"), {message(), std_string()}, {}, {}, "A message, or a plain text.",
                                "chat::Payload", {}};
    model::Variant amount_decl{name("Amount"),
                               {spelled(Kind::int64, "int64_t"), std_string()},
                               {},
                               {},
                               "A count or a word: a variant of standard types only, with no namespace of its own.",
                               "chat::Amount",
                               {}};
    return {mood_decl, attachment, message_decl, payload_decl, amount_decl};
}

std::vector<model::Method> methods() {
    const std::string room_declared = "const std::string&";
    model::Param factor = param("factor", spelled(Kind::number, "float"), "float", false);
    factor.default_json = "1.5";  // the interface's default argument
    model::Method whoami = method("whoami", {param("greeting", std_string(), room_declared)}, std_string(),
                                  "How the server sees the caller: the call context comes first and is no JSON parameter.");
    whoami.takes_context = true;
    model::Method count = method("count", {param("room", std_string(), room_declared)}, spelled(Kind::int64, "int64_t"),
                                 "How many messages a room has, answered later, through the reply.");
    count.is_async = true;
    model::Method history = method("history",
                                   {param("room", std_string(), room_declared),
                                    param("limit", int16(), "std::optional<int16_t>", false)},
                                   spelled(Kind::array, "std::vector<chat::Message>", {message()}),
                                   "The messages of a room, at most `limit` of them.");
    history.idempotent = true;  // RPCFORGE_IDEMPOTENT
    return {
        method("post", {param("room", std_string(), room_declared), param("message", message(), "chat::Message")},
               spelled(Kind::int64, "long long"), "Posts a message to a room; returns its number there."),
        history,
        method("echo", {param("payload", payload(), "const chat::Payload&")}, payload()),
        method("tally",
               {param("amounts", spelled(Kind::array, "std::vector<chat::Amount>", {amount()}),
                      "const std::vector<chat::Amount>&")},
               spelled(Kind::map, "std::map<std::string, chat::Amount>", {amount()}),
               "Counts and words, added up by kind."),
        method("scale",
               {param("value", int16(), "int16_t"), factor},
               spelled(Kind::number, "float")),
        method("inspect", {param("value", spelled(Kind::json, "nlohmann::json"), "const nlohmann::json&")},
               spelled(Kind::json, "nlohmann::json")),
        method("ping", {param("mood", mood(), "chat::shared::Mood")}, std::nullopt),
        whoami,
        count,
    };
}

}  // namespace

model::Service declared_chat_model() {
    model::Service service;
    service.name = name("ChatService");
    service.title = "ChatService";
    service.version = "1.0.0";
    service.methods = methods();
    service.types = types();
    service.cpp_header = "chat_service.hpp";
    service.cpp_declared = "chat::ChatService";
    service.callbacks = {method("posted",
                                {param("room", std_string(), "const std::string&"),
                                 param("message", message(), "const chat::Message&")},
                                std::nullopt, "A message was posted to a room.")};
    service.callbacks_cpp_declared = "chat::ChatEvents";
    return service;
}

}  // namespace rpcforge::emit::testing
