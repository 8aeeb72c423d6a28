// The model the C++ frontend makes of annotated headers: names, documentation, parameters,
// defaults, and every type a service uses, with the user's own C++ spellings kept.

#include "declared_model.hpp"
#include "emit/emit.hpp"
#include "header_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace rpcforge::model {
// Readable failures: a type as the model holds it, e.g. array<named Message as chat::Message>.
void PrintTo(const Type& type, std::ostream* out) {
    *out << static_cast<int>(type.kind);
    if (!type.name.empty()) *out << " " << type.name;
    if (!type.cpp.empty()) *out << " as '" << type.cpp << "'";
    for (const auto& arg : type.args) {
        *out << " <";
        PrintTo(arg, out);
        *out << ">";
    }
}
void PrintTo(const Param& param, std::ostream* out) {
    *out << param.name.wire << ": ";
    PrintTo(param.type, out);
    *out << " declared '" << param.cpp_declared << "'";
}
}  // namespace rpcforge::model

namespace {

using namespace rpcforge;
using model::Type;
using Kind = model::Type::Kind;

Type spelled(Type type, std::string cpp) {
    type.cpp = std::move(cpp);
    return type;
}

/// Locations are tested with the diagnostics; here they would only repeat line numbers.
template <class T>
void forget_locations(std::vector<T>& items) {
    for (auto& item : items) item.location = {};
}

model::Service without_locations(model::Service service) {
    service.location = {};
    for (auto* methods : {&service.methods, &service.callbacks}) {
        forget_locations(*methods);
        for (auto& method : *methods) forget_locations(method.params);
    }
    for (auto& type : service.types) {
        std::visit([](auto& decl) { decl.location = {}; }, type);
        if (auto* structure = std::get_if<model::Struct>(&type)) forget_locations(structure->fields);
    }
    return service;
}

model::Service read_model(const std::string& body) {
    auto result = rpcforge::testing::read_header(body);
    EXPECT_EQ(result.diagnostics, std::vector<std::string>{});
    return without_locations(result.header.service);
}

const model::Method& method(const model::Service& service, const std::string& cpp) {
    for (const auto& m : service.methods) {
        if (m.name.cpp == cpp) return m;
    }
    throw std::runtime_error("no method " + cpp);
}

template <class Decl>
const Decl& declaration(const model::Service& service, const std::string& cpp) {
    for (const auto& type : service.types) {
        if (const auto* decl = std::get_if<Decl>(&type); decl && decl->name.cpp == cpp) return *decl;
    }
    throw std::runtime_error("no declaration " + cpp);
}

TEST(CppModel, AServiceWithOneMethod) {
    const auto service = read_model(R"(
namespace calc {
/// Adds numbers.
class RPCFORGE_SERVICE Adder {
public:
    virtual ~Adder() = default;
    /// Adds two integers.
    RPCFORGE_METHOD virtual std::int64_t add(std::int64_t a, std::int64_t b) = 0;
};
}
)");
    model::Service expected;
    expected.name = {"Adder", "Adder"};
    expected.title = "Adder";
    expected.version = "1.0.0";
    expected.description = "Adds numbers.";
    expected.cpp_header = "svc.hpp";
    expected.cpp_declared = "calc::Adder";
    model::Method add;
    add.name = {"add", "add"};
    add.summary = "Adds two integers.";
    // <cstdint>'s std::int64_t is the C library's ::int64_t; generated code spells it so.
    const Type int64 = spelled(Type::of(Kind::int64), "int64_t");
    add.params = {model::Param{{"a", "a"}, int64, true, {}, {}, "int64_t", {}},
                  model::Param{{"b", "b"}, int64, true, {}, {}, "int64_t", {}}};
    add.result = int64;
    expected.methods = {add};
    EXPECT_EQ(service.methods.at(0).params, expected.methods[0].params);
    EXPECT_EQ(service.methods.at(0).result, expected.methods[0].result);
    EXPECT_EQ(service.methods, expected.methods);
    EXPECT_EQ(service, expected);
}

TEST(CppModel, ALeadingCallContextIsTheContextNotAParameter) {
    const auto service = read_model(R"(
struct RPCFORGE_SERVICE Greeter {
    RPCFORGE_METHOD virtual std::string hello(rpcforge::CallContext& context, std::string name) = 0;
    RPCFORGE_METHOD virtual std::string who(rpcforge::CallContext&) = 0;
    RPCFORGE_NOTIFICATION virtual void poke(rpcforge::CallContext& context) = 0;
    RPCFORGE_METHOD virtual std::string plain(std::string name) = 0;
};
)");
    EXPECT_TRUE(method(service, "hello").takes_context);
    ASSERT_EQ(method(service, "hello").params.size(), 1u);
    EXPECT_EQ(method(service, "hello").params[0].name.wire, "name");
    EXPECT_TRUE(method(service, "who").takes_context);
    EXPECT_TRUE(method(service, "who").params.empty());
    EXPECT_TRUE(method(service, "poke").takes_context);
    EXPECT_FALSE(method(service, "plain").takes_context);
}

TEST(CppModel, ATrailingReplyMakesAMethodAsynchronous) {
    const auto service = read_model(R"(
#include <rpcforge/reply.hpp>
struct RPCFORGE_SERVICE Store {
    RPCFORGE_METHOD virtual void fetch(std::string key, rpcforge::Reply<std::optional<std::string>> reply) = 0;
    RPCFORGE_METHOD virtual void who(rpcforge::CallContext& context, rpcforge::Reply<std::string>) = 0;
    RPCFORGE_NOTIFICATION virtual void forget(std::string key, rpcforge::Reply<void> done) = 0;
    RPCFORGE_METHOD virtual std::string plain(std::string key) = 0;
};
)");
    const auto& fetch = method(service, "fetch");
    EXPECT_TRUE(fetch.is_async);
    ASSERT_EQ(fetch.params.size(), 1u);
    EXPECT_EQ(fetch.params[0].name.wire, "key");
    ASSERT_TRUE(fetch.result);
    EXPECT_EQ(fetch.result->kind, model::Type::Kind::optional) << "the result is the reply's type";
    const auto& who = method(service, "who");
    EXPECT_TRUE(who.is_async);
    EXPECT_TRUE(who.takes_context);
    EXPECT_TRUE(who.params.empty());
    EXPECT_EQ(who.result, method(service, "plain").result);
    EXPECT_TRUE(method(service, "forget").is_async);
    EXPECT_TRUE(method(service, "forget").is_notification());
    EXPECT_FALSE(method(service, "plain").is_async);
}

const std::string chat = R"(
namespace chat {
/// How someone feels.
enum class Mood { happy, sad };

/// A message in a room.
struct Message {
    /// The text.
    std::string text;
    std::optional<std::int16_t> priority;
    std::vector<std::string> tags;
    std::map<std::string, float> scores;
    Mood mood;
    struct Meta { long long seen; };
    Meta meta;
    nlohmann::json extra;
    std::vector<Message> replies;
};

using Payload = std::variant<Message, std::string>;

/// A chat service.
///
/// Rooms and messages.
class RPCFORGE_SERVICE RPCFORGE_VERSION("2.1.0") ChatService {
public:
    virtual ~ChatService() = default;
    /// Posts a message.
    ///
    /// Returns its number.
    RPCFORGE_METHOD virtual long long post(RPCFORGE_DOC("the room") const std::string& room, Message message, int limit = 10) = 0;
    RPCFORGE_METHOD RPCFORGE_NAME("stats.get") RPCFORGE_ALIAS("stats") RPCFORGE_ALIAS("statistics")
    RPCFORGE_ROLE("admin") RPCFORGE_ROLE("auditor") RPCFORGE_IDEMPOTENT
    virtual std::vector<Message> get_stats(Payload payload, std::optional<Mood> mood) = 0;
    RPCFORGE_METHOD virtual std::variant<std::int64_t, std::string> lookup(const std::map<std::string, Mood>& moods) = 0;
    RPCFORGE_NOTIFICATION virtual void ping(Mood mood = Mood::sad, bool loud = true, double level = 0.5, std::string by = "me") = 0;
    void helper() {}
};
}
)";

TEST(CppModel, TheServiceAndItsMethods) {
    const auto service = read_model(chat);
    EXPECT_EQ(service.name, (model::Name{"ChatService", "ChatService"}));
    EXPECT_EQ(service.version, "2.1.0");
    EXPECT_EQ(service.description, "A chat service.\n\nRooms and messages.");
    EXPECT_EQ(service.cpp_declared, "chat::ChatService");
    ASSERT_EQ(service.methods.size(), 4u);  // helper() is not annotated: not a method

    const auto& post = method(service, "post");
    EXPECT_EQ(post.summary, "Posts a message.");
    EXPECT_EQ(post.description, "Returns its number.");
    EXPECT_EQ(post.result, spelled(Type::of(Kind::int64), "long long"));
    ASSERT_EQ(post.params.size(), 3u);
    EXPECT_EQ(post.params[0].description, "the room");
    EXPECT_EQ(post.params[0].type, spelled(Type::of(Kind::string), "std::string"));
    EXPECT_EQ(post.params[0].cpp_declared, "const std::string&");
    EXPECT_EQ(post.params[1].type, spelled(Type::named_type("Message"), "chat::Message"));
    EXPECT_EQ(post.params[1].cpp_declared, "chat::Message");
    EXPECT_FALSE(post.params[2].required);
    EXPECT_EQ(post.params[2].default_json, "10");

    const auto& stats = method(service, "get_stats");
    EXPECT_EQ(stats.name.wire, "stats.get");
    EXPECT_EQ(stats.aliases, (std::vector<std::string>{"stats", "statistics"}));
    EXPECT_EQ(stats.roles, (std::vector<std::string>{"admin", "auditor"}));
    EXPECT_TRUE(post.roles.empty());
    EXPECT_TRUE(stats.idempotent);
    EXPECT_FALSE(post.idempotent);
    EXPECT_EQ(stats.params[0].type, spelled(Type::named_type("Payload"), "chat::Payload"));
    EXPECT_FALSE(stats.params[1].required);
    EXPECT_EQ(stats.params[1].type, spelled(Type::named_type("Mood"), "chat::Mood"));
    EXPECT_EQ(stats.params[1].cpp_declared, "std::optional<chat::Mood>");
    EXPECT_EQ(*stats.result,
              spelled(Type::array_of(spelled(Type::named_type("Message"), "chat::Message")), "std::vector<chat::Message>"));

    const auto& lookup = method(service, "lookup");
    EXPECT_EQ(lookup.params[0].type, spelled(Type::map_of(spelled(Type::named_type("Mood"), "chat::Mood")),
                                             "std::map<std::string, chat::Mood>"));
    EXPECT_EQ(lookup.result->name, "LookupResult");

    const auto& ping = method(service, "ping");
    EXPECT_TRUE(ping.is_notification());
    std::vector<std::optional<std::string>> defaults;
    for (const auto& param : ping.params) defaults.push_back(param.default_json);
    EXPECT_EQ(defaults, (std::vector<std::optional<std::string>>{R"("sad")", "true", "0.5", R"("me")"}));
}

TEST(CppModel, EveryTypeTheServiceUses) {
    const auto service = read_model(chat);
    const auto& mood = declaration<model::Enum>(service, "Mood");
    EXPECT_EQ(mood.cpp_declared, "chat::Mood");
    EXPECT_EQ(mood.description, "How someone feels.");
    EXPECT_EQ(mood.values, (std::vector<model::Name>{{"happy", "happy"}, {"sad", "sad"}}));

    const auto& message = declaration<model::Struct>(service, "Message");
    EXPECT_EQ(message.cpp_declared, "chat::Message");
    EXPECT_EQ(message.description, "A message in a room.");
    std::vector<std::string> names;
    for (const auto& field : message.fields) names.push_back(field.name.wire);
    EXPECT_EQ(names, (std::vector<std::string>{"text", "priority", "tags", "scores", "mood", "meta", "extra", "replies"}));
    EXPECT_EQ(message.fields[0].description, "The text.");
    EXPECT_FALSE(message.fields[1].required);
    EXPECT_EQ(message.fields[1].type, spelled(Type::of(Kind::int32), "int16_t"));
    EXPECT_EQ(message.fields[3].type, spelled(Type::map_of(spelled(Type::of(Kind::number), "float")), "std::map<std::string, float>"));
    EXPECT_EQ(message.fields[6].type, spelled(Type::of(Kind::json), "nlohmann::json"));
    EXPECT_EQ(message.fields[7].type.args.at(0).name, "Message");  // a type that contains itself

    const auto& meta = declaration<model::Struct>(service, "Message_Meta");
    EXPECT_EQ(meta.name.wire, "Message.Meta");
    EXPECT_EQ(meta.cpp_declared, "chat::Message::Meta");
    EXPECT_EQ(message.fields[5].type, spelled(Type::named_type("Message_Meta"), "chat::Message::Meta"));

    const auto& payload = declaration<model::Variant>(service, "Payload");
    EXPECT_EQ(payload.cpp_declared, "chat::Payload");
    EXPECT_EQ(payload.alternatives,
              (std::vector<Type>{spelled(Type::named_type("Message"), "chat::Message"), spelled(Type::of(Kind::string), "std::string")}));

    // A variant written in a signature is named from its place.
    const auto& result = declaration<model::Variant>(service, "LookupResult");
    EXPECT_EQ(result.cpp_declared, "std::variant<int64_t, std::string>");
    EXPECT_EQ(service.types.size(), 5u);
}

// The emitter's tests generate code from a model built by hand to be what this frontend makes
// of chat_service.hpp; reading the header must give exactly that model.
TEST(CppModel, TheEmitterTestsHandBuiltModelIsWhatTheFrontendMakes) {
    std::ifstream file(RPCFORGE_CHAT_SERVICE_HEADER);
    std::stringstream text;
    text << file.rdbuf();
    diagnostics::Sink sink;
    auto header = frontend::cpp::read_header_text(text.str(), "chat_service.hpp", {"-I" RPCFORGE_RUNTIME_INCLUDE_DIR}, sink);
    EXPECT_FALSE(sink.has_errors());
    // Emitters sort declarations; the order of the model's is free.
    auto by_name = [](model::Service service) {
        auto name = [](const model::TypeDecl& decl) { return std::visit([](const auto& d) { return d.name.cpp; }, decl); };
        std::sort(service.types.begin(), service.types.end(), [&](const auto& a, const auto& b) { return name(a) < name(b); });
        return service;
    };
    const auto actual = by_name(without_locations(header.service));
    const auto expected = by_name(without_locations(emit::testing::declared_chat_model()));
    // First as OpenRPC text (which carries every field): a difference shows as a readable diff.
    EXPECT_EQ(emit::emit_openrpc(actual), emit::emit_openrpc(expected));
    EXPECT_EQ(actual, expected);
}

TEST(CppModel, TheFilesReadAreTheHeaderAndWhatItIncludes) {
    const auto result = rpcforge::testing::read_header("class RPCFORGE_SERVICE S { public: RPCFORGE_METHOD virtual int f() = 0; };");
    ASSERT_FALSE(result.header.files_read.empty());
    EXPECT_EQ(result.header.files_read.front(), "svc.hpp");
    bool annotations = false;
    for (const auto& file : result.header.files_read) annotations = annotations || file.find("rpcforge/annotations.hpp") != std::string::npos;
    EXPECT_TRUE(annotations);
}

TEST(CppModel, IncludeSpellingIsRelativeToTheIncludeDirectoryHoldingTheHeader) {
    using frontend::cpp::include_spelling;
    EXPECT_EQ(include_spelling("/src/include/chat/chat.hpp", {"-I/elsewhere", "-I/src/include"}), "chat/chat.hpp");
    EXPECT_EQ(include_spelling("/src/include/chat/chat.hpp", {"-isystem", "/src/include/chat"}), "chat.hpp");
    EXPECT_EQ(include_spelling("/src/include/chat/chat.hpp", {"-DX=1"}), "chat.hpp");
}

}  // namespace
