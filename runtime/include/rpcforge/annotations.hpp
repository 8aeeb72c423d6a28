#pragma once
/// Annotations that turn an ordinary C++ interface into an rpcforge service description.
///
///     class RPCFORGE_SERVICE Chat {
///     public:
///         virtual ~Chat() = default;
///         /// Posts a message; returns its number.
///         RPCFORGE_METHOD virtual std::int64_t post(RPCFORGE_DOC("the room") const std::string& room,
///                                                   const Message& message) = 0;
///         RPCFORGE_METHOD RPCFORGE_NAME("stats.get") RPCFORGE_ALIAS("stats") virtual Stats get_stats() = 0;
///         RPCFORGE_NOTIFICATION virtual void ping() = 0;
///     };
///
///     class RPCFORGE_CALLBACKS ChatEvents {   // what the server pushes; clients implement it
///     public:
///         virtual ~ChatEvents() = default;
///         RPCFORGE_NOTIFICATION virtual void posted(const Message& message) = 0;
///     };
///
/// `rpcforge generate chat.hpp` reads them through Clang; doc comments become descriptions.
/// For Clang they are `annotate` attributes, which change nothing in the compiled code; for
/// other compilers they are empty. Either way the header stays the user's real interface.

#if defined(__clang__)
#define RPCFORGE_ANNOTATE_(text) __attribute__((annotate(text)))
#else
#define RPCFORGE_ANNOTATE_(text)
#endif

/// On a class: its RPC methods make a service (one per header read).
#define RPCFORGE_SERVICE RPCFORGE_ANNOTATE_("rpcforge:service")
/// On a class: the notifications the service's server sends its clients, which clients
/// implement (its members are RPCFORGE_NOTIFICATIONs; at most one such class per header).
#define RPCFORGE_CALLBACKS RPCFORGE_ANNOTATE_("rpcforge:callbacks")
/// On a class marked RPCFORGE_SERVICE: the version its OpenRPC document states (default 1.0.0).
#define RPCFORGE_VERSION(version) RPCFORGE_ANNOTATE_("rpcforge:version:" version)
/// On a virtual member function: an RPC method; the caller waits for its result.
#define RPCFORGE_METHOD RPCFORGE_ANNOTATE_("rpcforge:method")
/// On a virtual member function returning void: a notification, sent without waiting.
#define RPCFORGE_NOTIFICATION RPCFORGE_ANNOTATE_("rpcforge:notification")
/// On a method or notification: its name on the wire, when not the C++ name (e.g. "foo.get").
#define RPCFORGE_NAME(wire_name) RPCFORGE_ANNOTATE_("rpcforge:name:" wire_name)
/// On a method or notification: a further wire name it answers to (repeatable).
#define RPCFORGE_ALIAS(wire_name) RPCFORGE_ANNOTATE_("rpcforge:alias:" wire_name)
/// On a method or notification: a role that may call it (repeatable; a caller needs one of
/// them, see Dispatcher::require_roles and docs/security.md).
#define RPCFORGE_ROLE(role) RPCFORGE_ANNOTATE_("rpcforge:role:" role)
/// On a method: running it twice with the same params does no harm; failover may send it
/// again (docs/scale-out.md). Generated clients set CallOptions::idempotent for its calls.
#define RPCFORGE_IDEMPOTENT RPCFORGE_ANNOTATE_("rpcforge:idempotent")
/// On a virtual member function taking a trailing rpcforge::Subscription<T> and returning void:
/// a subscription, a method that answers with a stream of T (docs/subscriptions.md). Marks the
/// method on its own, as RPCFORGE_METHOD does.
#define RPCFORGE_SUBSCRIPTION RPCFORGE_ANNOTATE_("rpcforge:subscription")
/// On a parameter: its description.
#define RPCFORGE_DOC(text) RPCFORGE_ANNOTATE_("rpcforge:doc:" text)
