#pragma once
// The view model: every decision the C++ templates print, made once from a checked model.
// Templates hold no logic: each choice is a named flag or a piece of text here. Strings that go
// between quotes in C++ (`wire`, `message`) are escaped already.
//
// Each struct is described (Boost.Describe) right below it: the templates see exactly the members
// and flags listed there, under their own names (view_data.cpp turns any described struct into
// Mustache data). A new field is a member and its name in the list beside it.

#include "model/model.hpp"

#include <boost/describe/class.hpp>

#include <string>
#include <variant>
#include <vector>

namespace rpcforge::view {

/// One `///` comment line per entry, the slashes included.
using DocLines = std::vector<std::string>;

struct FieldView {
    std::string cpp_name;
    std::string wire;
    std::string cpp_type;     ///< the member's type, e.g. std::optional<std::string>
    std::string decode_type;  ///< what is read from JSON into the member (the member's own type, or what its
                              ///< std::optional or rpcforge::Box holds)
    std::string initializer;  ///< after the member's name: "", "{}" or " = 1.5"
    std::string default_value;
    bool is_required = true;  ///< must be present
    bool is_optional = false; ///< may be absent; then empty
    bool has_default = false; ///< may be absent; then default_value
    DocLines doc;
};
BOOST_DESCRIBE_STRUCT(FieldView, (), (cpp_name, wire, cpp_type, decode_type, initializer, default_value, is_required, is_optional, has_default, doc))

struct StructView {
    std::string cpp_name;
    std::string cpp_type;  ///< as codecs spell it: cpp_name, or the user's declaration (chat::Message)
    std::string wire;
    DocLines doc;
    std::vector<FieldView> fields;

    // Which kind of type, for the templates that print all three.
    bool is_struct() const { return true; }
    bool is_enum() const { return false; }
    bool is_variant() const { return false; }
    bool has_fields() const { return !fields.empty(); }
};
BOOST_DESCRIBE_STRUCT(StructView, (), (cpp_name, cpp_type, wire, doc, fields, is_struct, is_enum, is_variant, has_fields))

struct EnumValueView {
    std::string cpp_name;
    std::string qualified;  ///< Op::add, chat::Mood::happy
    std::string wire;
    bool is_last = false;
};
BOOST_DESCRIBE_STRUCT(EnumValueView, (), (cpp_name, qualified, wire, is_last))

struct EnumView {
    std::string cpp_name;
    std::string cpp_type;  ///< as StructView::cpp_type
    std::string wire;
    DocLines doc;
    std::vector<EnumValueView> values;

    bool is_struct() const { return false; }
    bool is_enum() const { return true; }
    bool is_variant() const { return false; }
};
BOOST_DESCRIBE_STRUCT(EnumView, (), (cpp_name, cpp_type, wire, doc, values, is_struct, is_enum, is_variant))

struct AlternativeView {
    std::string cpp_type;     ///< as held by the variant, e.g. rpcforge::Box<BinOp>
    std::string decode_type;  ///< what is read from JSON, e.g. BinOp
    std::string discriminator_value;
    bool is_last = false;
};
BOOST_DESCRIBE_STRUCT(AlternativeView, (), (cpp_type, decode_type, discriminator_value, is_last))

/// A variant is a struct deriving from std::variant: two variants with the same alternatives stay
/// distinct types, and its codec is found through its own namespace.
struct VariantView {
    std::string cpp_name;
    std::string cpp_type;  ///< as StructView::cpp_type, e.g. chat::Payload (a std::variant alias)
    std::string wire;
    DocLines doc;
    std::string base_type;  ///< std::variant<Circle, Square>
    std::vector<AlternativeView> alternatives;
    bool is_discriminated = false;
    std::string discriminator;         ///< the property's wire name
    std::string discriminator_values;  ///< {"circle", "square"}
    std::string expected;              ///< "a Circle or a Square", for the error when none matches

    bool is_struct() const { return false; }
    bool is_enum() const { return false; }
    bool is_variant() const { return true; }
};
BOOST_DESCRIBE_STRUCT(VariantView, (), (cpp_name, cpp_type, wire, doc, base_type, alternatives, is_discriminated,
                                        discriminator, discriminator_values, expected, is_struct, is_enum, is_variant))

/// A struct or a variant, in definition order.
struct DefinitionView {
    std::variant<StructView, VariantView> type;
};

/// A type the user's header declares: generated code declares only its codec.
struct UserTypeView {
    std::variant<StructView, EnumView, VariantView> type;
};

struct ErrorView {
    std::string cpp_name;
    std::string code;
    std::string message;
    DocLines doc;
    bool has_data = false;
    std::string data_type;
    std::string data_param_type;  ///< how the constructor takes the data
};
BOOST_DESCRIBE_STRUCT(ErrorView, (), (cpp_name, code, message, doc, has_data, data_type, data_param_type))

struct ParamView {
    std::string cpp_name;  ///< also the local variable in adapters; renamed when it would clash
    std::string wire;
    std::string index;
    std::string value_type;   ///< the type of the JSON value
    std::string server_type;  ///< the parameter's type in the service's pure virtual method (the
                              ///< user's own spelling when the user declares the interface)
    std::string client_type;  ///< the parameter's type in client methods
    std::string client_default;  ///< " = std::nullopt" for the trailing run of optional parameters
    bool client_may_omit = false;  ///< client_type is std::optional: the call leaves the parameter out when empty
    std::string default_value;
    bool is_required = true;
    bool is_optional = false;
    bool has_default = false;
    bool is_last = false;
};
BOOST_DESCRIBE_STRUCT(ParamView, (), (cpp_name, wire, index, value_type, server_type, client_type, client_default, client_may_omit, default_value, is_required, is_optional, has_default, is_last))

struct ErrorClassView {
    std::string error_class;  ///< the exception class of a declared error
};
BOOST_DESCRIBE_STRUCT(ErrorClassView, (), (error_class))

struct AliasView {
    std::string alias;  ///< a further wire name of a method, escaped
};
BOOST_DESCRIBE_STRUCT(AliasView, (), (alias))

struct MethodView {
    std::string cpp_name;
    std::string cpp_async_name;  ///< the client's asynchronous variant (model::asynchronous_name)
    std::string wire;
    DocLines doc;
    bool is_notification = false;
    bool is_override = false;     ///< the client's method overrides the user's interface's
    bool takes_context = false;   ///< the implementation's first parameter is rpcforge::CallContext& context
    bool forwards_context = false;  ///< the client overrides the user's method, which takes the context, by
                                    ///< forwarding to its own method without it
    bool is_async = false;  ///< the implementation answers through a trailing rpcforge::Reply
    bool forwards_reply = false;  ///< the client overrides the user's asynchronous method by answering
                                  ///< its reply with its own blocking method's result
    bool is_coroutine = false;    ///< the implementation returns boost::asio::awaitable<cpp_result_type>
    bool forwards_coroutine = false;  ///< the client overrides the user's coroutine with one that
                                      ///< co_awaits its own call
    std::string cpp_result_type;  ///< "void" for notifications
    std::string cpp_return_type;  ///< what the implementation returns: void when it answers through a Reply
    std::string reply_type;       ///< rpcforge::Reply<cpp_result_type>, for asynchronous and coroutine methods
    std::string reply_parameter;  ///< ", rpcforge::Reply<T> reply" (no comma when nothing comes before)
    std::string reply_argument;   ///< ", rpcforge::Reply<T>(reply.state())": the adapter's untyped reply, typed
    std::vector<ParamView> params;
    bool has_params = false;
    std::string wire_names;       ///< {"a", "b"}
    std::string param_structure;  ///< the rpcforge::ParamStructure enumerator
    std::vector<ErrorClassView> errors;  ///< the declared errors
    std::vector<AliasView> aliases;
    bool has_roles = false;
    std::string roles;  ///< the roles as a C++ braced list of string literals: {"admin"}
    bool is_idempotent = false;  ///< the client's calls set CallOptions::idempotent
    bool is_subscription = false;  ///< answers with a stream: the subscription templates print it
};
BOOST_DESCRIBE_STRUCT(MethodView, (), (is_subscription, cpp_name, cpp_async_name, wire, doc, is_notification, is_override, takes_context, forwards_context, is_async, forwards_reply, is_coroutine, forwards_coroutine, cpp_result_type, cpp_return_type, reply_type, reply_parameter, reply_argument, params, has_params, wire_names, param_structure, errors, aliases, has_roles, roles, is_idempotent))

/// A group of methods sharing templates: the service's own, or its callbacks.
struct MethodGroupView {
    std::string interface_name;  ///< the abstract class: Calculator, CalculatorCallbacks
    std::string interface_type;  ///< how generated code names it: interface_name, or the user's chat::ChatService
    bool is_user_interface = false;  ///< the user's header declares it: not generated, and the client implements it
    std::string receiver;        ///< the bound object's name in bind(): service, callbacks
    std::string client_name;     ///< the typed caller: CalculatorClient, CalculatorNotifier
    std::string batch_name;      ///< CalculatorBatch (service methods only)
    DocLines doc;                ///< of the abstract class
    DocLines client_doc;         ///< of the typed caller
    std::vector<MethodView> methods;
    bool has_methods = false;
    bool has_coroutine_overrides = false;  ///< a method forwards_coroutine: the client needs use_awaitable
    bool has_calls = false;      ///< a method that is not a notification: callers keep CallOptions
    bool has_subscriptions = false;  ///< the client routes their streams (route_streams)
};
BOOST_DESCRIBE_STRUCT(MethodGroupView, (), (has_subscriptions, interface_name, interface_type, is_user_interface, receiver, client_name, batch_name, doc, client_doc, methods, has_methods, has_coroutine_overrides, has_calls))

struct ServiceView {
    std::string banner;
    std::string cpp_namespace;
    bool has_namespace = false;
    std::string codec_namespace;  ///< ::calc, where codecs are; "" for the global namespace
    std::string types_header;
    std::string server_header;
    std::string client_header;
    std::vector<std::string> std_includes;  ///< <cstdint>, ... as the types header needs them
    std::string user_header;  ///< the header declaring the user's interface and types; empty: none

    std::vector<UserTypeView> user_types;  ///< in declaration order
    std::vector<EnumView> enums;
    std::vector<std::string> forward_declarations;
    std::vector<DefinitionView> definitions;
    std::vector<ErrorView> errors;

    MethodGroupView service;
    MethodGroupView callbacks;
    bool has_callbacks = false;
    bool has_subscriptions = false;  ///< the types header includes rpcforge/subscription.hpp

    std::string openrpc_variable;  ///< calculator_openrpc
    std::string openrpc_literal;   ///< the OpenRPC document as a raw string literal

    bool has_user_header() const { return !user_header.empty(); }
    bool has_user_types() const { return !user_types.empty(); }
    bool has_forward_declarations() const { return !forward_declarations.empty(); }
};
BOOST_DESCRIBE_STRUCT(ServiceView, (), (banner, cpp_namespace, has_namespace, codec_namespace, types_header, server_header, client_header, std_includes, user_header, user_types, enums, forward_declarations, definitions, errors, service, callbacks, has_callbacks, has_subscriptions, openrpc_variable, openrpc_literal, has_user_header, has_user_types, has_forward_declarations))

struct ViewOptions {
    std::string cpp_namespace;
    std::string input_file_name;
    std::string file_stem;  ///< generated files are <stem>_types.hpp, ...
    std::string generator_version;
    std::string openrpc_document;
};

/// Computes every decision for the C++ templates. Cannot fail on a checked model.
ServiceView make_view(const model::Service& service, const ViewOptions& options);

}  // namespace rpcforge::view
