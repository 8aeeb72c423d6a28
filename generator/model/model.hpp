#pragma once
// The service model: what both frontends (OpenRPC, C++ headers) produce and every emitter
// reads. Plain values of the standard library only; every node knows where it came from.
// After the checks pass, a model is complete: emitters make no decisions that can fail.

#include <compare>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rpcforge::model {

/// Where a node was written: a file and a line:col (0 when unknown), plus, for JSON input,
/// the JSON pointer of the node.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
    std::string pointer;
    bool operator==(const SourceLocation&) const = default;
};

/// A type as used by a field, a parameter or a result.
struct Type {
    enum class Kind {
        boolean,
        int32,
        int64,
        uint32,
        uint64,
        number,    ///< double
        string,
        json,      ///< any JSON value: {} or no schema
        array,     ///< args[0]: the element type
        map,       ///< std::map<std::string, args[0]>
        optional,  ///< args[0] or null
        named,     ///< a Struct, Enum or Variant declared in Service::types, by `name`
    };

    Kind kind = Kind::json;
    std::vector<Type> args;
    std::string name;
    /// The C++ spelling the user's header gives this type (C++ frontend), e.g. "long long",
    /// "std::uint16_t", "float", "chat::Message"; generated code then uses exactly it. Empty:
    /// the emitter spells the type from `kind`.
    std::string cpp;

    bool operator==(const Type&) const = default;

    static Type of(Kind kind) { return Type{kind, {}, {}, {}}; }
    static Type array_of(Type element) { return Type{Kind::array, {std::move(element)}, {}, {}}; }
    static Type map_of(Type value) { return Type{Kind::map, {std::move(value)}, {}, {}}; }
    static Type optional_of(Type value) { return Type{Kind::optional, {std::move(value)}, {}, {}}; }
    static Type named_type(std::string name) { return Type{Kind::named, {}, std::move(name), {}}; }
};

/// A name on the wire and the C++ identifier it becomes (they differ for `foo.get`, `class`).
struct Name {
    std::string wire;
    std::string cpp;
    bool operator==(const Name&) const = default;
};

struct Field {
    Name name;
    Type type;
    /// A field that may be absent is std::optional in C++; absent and null are told apart
    /// by `type` being optional itself (nullable) or not.
    bool required = true;
    std::optional<std::string> default_json;  ///< applied when absent, as JSON text
    std::string description;
    SourceLocation location;
    bool operator==(const Field&) const = default;
};

struct Struct {
    Name name;
    std::vector<Field> fields;
    std::string description;
    /// The qualified name of the user's own declaration (C++ frontend), e.g. "chat::Message":
    /// generated code uses it and declares no type of its own. Empty: generated code declares it.
    std::string cpp_declared;
    SourceLocation location;
    bool operator==(const Struct&) const = default;
};

struct Enum {
    Name name;
    std::vector<Name> values;  ///< wire: the JSON string; cpp: the enumerator
    std::string description;
    std::string cpp_declared;  ///< as Struct::cpp_declared
    SourceLocation location;
    bool operator==(const Enum&) const = default;
};

/// oneOf / anyOf of distinct shapes: std::variant. Alternatives are tried in order unless
/// every one is a struct with a constant `discriminator` property.
struct Variant {
    Name name;
    std::vector<Type> alternatives;
    std::optional<std::string> discriminator;  ///< the property's wire name
    std::vector<std::string> discriminator_values;  ///< one per alternative, when discriminated
    std::string description;
    std::string cpp_declared;  ///< as Struct::cpp_declared, e.g. "chat::Shape" or "std::variant<long, std::string>"
    SourceLocation location;
    bool operator==(const Variant&) const = default;
};

using TypeDecl = std::variant<Struct, Enum, Variant>;

struct Param {
    Name name;
    Type type;
    bool required = true;
    std::optional<std::string> default_json;
    std::string description;
    /// The parameter's type exactly as the user's interface declares it (C++ frontend), e.g.
    /// "const std::string &", so that a generated client overrides the user's method. Empty:
    /// the emitter chooses how to pass it.
    std::string cpp_declared;
    SourceLocation location;
    bool operator==(const Param&) const = default;
};

/// A declared error (OpenRPC `errors[]`): a typed exception class on both sides.
struct ErrorDecl {
    Name name;  ///< cpp: the exception class
    int code = 0;
    std::string message;
    std::optional<Type> data;
    SourceLocation location;
    bool operator==(const ErrorDecl&) const = default;
};

enum class ParamStructure { by_name, by_position, either };

struct Method {
    Name name;
    std::vector<Param> params;
    /// No result: a notification (fire and forget on the client).
    std::optional<Type> result;
    std::vector<std::string> errors;  ///< names (cpp) of Service::errors this method declares
    ParamStructure param_structure = ParamStructure::either;
    std::vector<std::string> aliases;  ///< further wire names of the same method
    /// The implementation takes the call's `rpcforge::CallContext&` before its parameters (peer
    /// address, HTTP headers and cookies, the connection to call back); not a JSON parameter.
    bool takes_context = false;
    /// The implementation answers later: it returns void and takes a trailing
    /// `rpcforge::Reply<Result>` (`Reply<void>` for a notification), so it holds no thread.
    bool is_async = false;
    /// The implementation is a C++20 coroutine returning `boost::asio::awaitable<Result>`: it
    /// co_awaits other calls, timers and sockets without holding a thread, and takes its
    /// parameters by value (docs/async.md). Never with is_async or takes_context.
    bool is_coroutine = false;
    /// Roles of which a caller needs one (Dispatcher::require_roles); empty: no requirement.
    std::vector<std::string> roles;
    /// Running it twice with the same params does no harm, so a channel that fails over may send
    /// it again when the answer is lost (CallOptions::idempotent). Methods only: a notification
    /// has no answer to lose.
    bool idempotent = false;
    /// Answers with a stream of items, whose type is `result` (x-rpcforge-subscription,
    /// RPCFORGE_SUBSCRIPTION; docs/subscriptions.md): the implementation takes a trailing
    /// rpcforge::Subscription<Result>, the client gets an rpcforge::Stream<Result>.
    bool is_subscription = false;
    std::string summary;
    std::string description;
    SourceLocation location;
    bool operator==(const Method&) const = default;

    bool is_notification() const { return !result; }
};

struct Service {
    Name name;  ///< cpp: the service class, e.g. Calculator
    std::string title;
    std::string version;
    std::string description;
    std::vector<Method> methods;    ///< in the order written
    std::vector<TypeDecl> types;    ///< in dependency order is not required: emitters sort
    std::vector<ErrorDecl> errors;
    /// Server-to-client notifications a client implements (callbacks), in the order written.
    std::vector<Method> callbacks;
    /// Set when the service is the user's own C++ interface (C++ frontend): the header that
    /// declares it, as generated code includes it (e.g. "chat/chat_service.hpp"), and the
    /// interface's qualified name (e.g. "chat::ChatService"). Generated code then includes the
    /// header, declares no interface of its own, binds the user's class and derives the client
    /// from it. Empty: generated code declares the interface.
    std::string cpp_header;
    std::string cpp_declared;
    /// The user's own interface of the callbacks (C++ frontend), e.g. "chat::ChatEvents": generated
    /// code binds it on clients and the server's notifier implements it. Empty: generated code
    /// declares the callbacks interface.
    std::string callbacks_cpp_declared;
    SourceLocation location;
    bool operator==(const Service&) const = default;
};

}  // namespace rpcforge::model
