// What C++ can say and JSON-RPC cannot: each is a compiler-style diagnostic at the user's own
// file:line:col, all of them in one run.

#include "header_reader.hpp"

#include <gtest/gtest.h>

namespace {

using rpcforge::testing::line_of;
using rpcforge::testing::read_header;

/// "svc.hpp:<line of needle>:<col>: error: <message>"
/// Errors about a parameter point at its name; about a member or a type, at its name too.
std::string at(const std::string& body, const std::string& needle, int column, const std::string& message) {
    return "svc.hpp:" + std::to_string(line_of(body, needle)) + ":" + std::to_string(column) + ": error: " + message;
}

std::vector<std::string> diagnostics_of(const std::string& body) { return read_header(body).diagnostics; }

TEST(CppDiagnostics, ParametersJsonRpcCannotCarry) {
    const std::string body = R"(
struct RPCFORGE_SERVICE S {
    RPCFORGE_METHOD virtual int by_pointer(int* p) = 0;
    RPCFORGE_METHOD virtual int by_reference(int& r) = 0;
    RPCFORGE_METHOD virtual int unnamed(int) = 0;
    RPCFORGE_METHOD virtual int text(char c) = 0;
    RPCFORGE_METHOD virtual int set(std::set<int> s) = 0;
    RPCFORGE_METHOD virtual int keys(std::map<int, int> m) = 0;
    RPCFORGE_METHOD virtual int fallback(int n = rand_seed()) = 0;
    RPCFORGE_METHOD virtual int late(int a, rpcforge::CallContext& late_context) = 0;
    RPCFORGE_METHOD virtual int constant(const rpcforge::CallContext& const_context) = 0;
    static int rand_seed();
};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "int* p", 49, "'int *' cannot cross JSON-RPC: pointers and C arrays are not supported; use a value, std::optional or std::vector"),
                  at(body, "int& r", 51, "parameter 'r' is a non-const reference: RPC parameters are input only; take it by value or by const reference"),
                  at(body, "unnamed(int)", 41, "parameter 1 has no name: JSON-RPC parameters are known by name"),
                  at(body, "char c", 43, "'char' cannot cross JSON-RPC: use std::string for text, or an integer type"),
                  at(body, "std::set<int> s", 51, "'std::set<int>' cannot cross JSON-RPC: the templates supported are std::vector, std::map<std::string, T>, std::optional and std::variant"),
                  at(body, "std::map<int, int> m", 57, "'std::map<int, int>' cannot cross JSON-RPC: a map's keys must be std::string (they become JSON object keys)"),
                  at(body, "rand_seed()) = 0", 50, "this default argument is not a constant JSON can hold: use a literal or an enumerator"),
                  at(body, "late_context", 68, "the call context must be the first parameter, as 'rpcforge::CallContext&'"),
                  at(body, "const_context", 71, "the call context must be the first parameter, as 'rpcforge::CallContext&'"),
              }));
}

TEST(CppDiagnostics, AnAsynchronousMethodAnswersThroughATrailingReplyAndReturnsVoid) {
    const std::string body = R"(
#include <rpcforge/reply.hpp>
struct RPCFORGE_SERVICE S {
    RPCFORGE_METHOD virtual int returns(int a, rpcforge::Reply<int> returns_reply) = 0;
    RPCFORGE_METHOD virtual void early(rpcforge::Reply<int> early_reply, int a, rpcforge::Reply<int> reply) = 0;
    RPCFORGE_METHOD virtual void nothing(rpcforge::Reply<void> nothing_reply) = 0;
    RPCFORGE_NOTIFICATION virtual void told(rpcforge::Reply<int> told_reply) = 0;
};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "returns(", 33, "'returns' answers through its rpcforge::Reply: it must return void"),
                  at(body, "early_reply", 61, "the reply must be the last parameter, as 'rpcforge::Reply<T>'"),
                  at(body, "nothing_reply", 64, "'rpcforge::Reply<void>' is for notifications: a method answers with a value"),
                  at(body, "told_reply", 66, "a notification has no result: it answers through 'rpcforge::Reply<void>'"),
              }));
}

TEST(CppDiagnostics, ACoroutineTakesValuesAndNoContextAndCoReturnsItsResult) {
    const std::string body = R"(
#include <rpcforge/context.hpp>
#include <rpcforge/reply.hpp>
#include <boost/asio/awaitable.hpp>
#include <string>
struct RPCFORGE_SERVICE S {
    RPCFORGE_METHOD virtual boost::asio::awaitable<int> fine(int a, std::string b) = 0;
    RPCFORGE_METHOD virtual boost::asio::awaitable<int> by_reference(const std::string& text) = 0;
    RPCFORGE_METHOD virtual boost::asio::awaitable<int> with_context(rpcforge::CallContext& ctx, int a) = 0;
    RPCFORGE_METHOD virtual boost::asio::awaitable<void> nothing() = 0;
    RPCFORGE_NOTIFICATION virtual boost::asio::awaitable<int> told() = 0;
    RPCFORGE_METHOD virtual boost::asio::awaitable<int> both(rpcforge::Reply<int> reply) = 0;
    RPCFORGE_NOTIFICATION virtual boost::asio::awaitable<void> heard(int a) = 0;
};
)";
    auto read = read_header(body);
    EXPECT_EQ(read.diagnostics,
              (std::vector<std::string>{
                  at(body, "const std::string& text", 89, "a coroutine keeps its parameters while it waits: take 'text' "
                                                          "by value (a reference would dangle)"),
                  at(body, "ctx, int a", 93, "a coroutine cannot take the call context: it is valid only until the "
                                             "coroutine first waits"),
                  at(body, "nothing()", 58, "'nothing' returns boost::asio::awaitable<void>: mark it "
                                            "RPCFORGE_NOTIFICATION, or co_return a value"),
                  at(body, "told()", 63, "'told' is a notification coroutine: it returns boost::asio::awaitable<void>"),
                  at(body, "both(", 57, "'both' is a coroutine and takes an rpcforge::Reply: a coroutine answers "
                                        "with what it co_returns"),
              }));
}

TEST(CppDiagnostics, MembersThatCannotBeRpcMethods) {
    const std::string body = R"(
class RPCFORGE_SERVICE S {
public:
    RPCFORGE_NOTIFICATION virtual int tell() = 0;
    RPCFORGE_METHOD virtual void ask() = 0;
    RPCFORGE_METHOD virtual int twice(int a) = 0;
    RPCFORGE_METHOD virtual int twice(double a) = 0;
    RPCFORGE_METHOD int plain() { return 0; }
    RPCFORGE_METHOD static int shared();
    RPCFORGE_METHOD virtual int fixed() const = 0;
    RPCFORGE_METHOD virtual int safe() noexcept = 0;
    template <class T> RPCFORGE_METHOD int generic(T t);
    RPCFORGE_METHOD virtual int* pointer() = 0;
    virtual int forgotten() = 0;
protected:
    RPCFORGE_METHOD virtual int hidden() = 0;
};
class RPCFORGE_CALLBACKS Events {
public:
    RPCFORGE_METHOD virtual int asked() = 0;
    RPCFORGE_NOTIFICATION virtual void told() = 0;
};
class RPCFORGE_CALLBACKS MoreEvents {};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "MoreEvents", 26, "a second class of callbacks in one header: a service has one"),
                  at(body, "tell()", 39, "'tell' is a notification but returns a value: a notification gets no answer"),
                  at(body, "ask()", 34, "'ask' returns void: mark it RPCFORGE_NOTIFICATION to send it without an answer, or return a value"),
                  at(body, "twice(double", 33, "'twice' is overloaded: JSON-RPC tells methods apart by name alone"),
                  at(body, "plain()", 25, "'plain' is not virtual: the generated client implements the interface by overriding it"),
                  at(body, "shared()", 32, "'shared' is static: an RPC method is a virtual member function"),
                  at(body, "fixed()", 33, "'fixed' is const or ref-qualified: RPC methods are plain member functions"),
                  at(body, "safe()", 33, "'safe' is noexcept: a remote call can always fail (the connection, a timeout)"),
                  at(body, "pointer()", 29, "'int *' cannot cross JSON-RPC: pointers and C arrays are not supported; use a value, std::optional or std::vector"),
                  at(body, "forgotten()", 17, "'forgotten' is pure virtual but not marked RPCFORGE_METHOD or RPCFORGE_NOTIFICATION: the generated client could not implement the interface"),
                  at(body, "hidden()", 33, "'hidden' is not public: generated code calls it"),
                  at(body, "generic(T t)", 44, "'generic' is a template: an RPC method has one signature"),
                  at(body, "asked()", 33, "'asked' is marked RPCFORGE_METHOD, but callbacks are notifications from the server: mark it RPCFORGE_NOTIFICATION"),
              }));
}

TEST(CppDiagnostics, StructsJsonCannotHold) {
    const std::string body = R"(
class Secret { int hidden; public: int shown; };
struct Base { int a; };
struct Derived : Base { int b; };
union Either { int i; float f; };
struct Incomplete;
struct RPCFORGE_SERVICE S {
    RPCFORGE_METHOD virtual int f(Secret s, Derived d, Either e, const Incomplete& i) = 0;
};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "hidden;", 20, "field 'hidden' of 'Secret' is not public: generated code reads and writes fields directly"),
                  at(body, "Derived :", 8, "struct 'Derived' has base classes: only the fields a struct declares itself are supported"),
                  at(body, "Either {", 7, "'Either' cannot cross JSON-RPC: unions and lambdas are not supported"),
                  at(body, "Incomplete& i", 84, "'Incomplete' is declared but not defined: its fields make its JSON form"),
              }));
}

TEST(CppDiagnostics, WhereTheServiceIsMissingOrDoubled) {
    EXPECT_EQ(diagnostics_of("struct NotAService {};"),
              (std::vector<std::string>{"svc.hpp:1:1: error: no class marked RPCFORGE_SERVICE here "
                                        "(#include <rpcforge/annotations.hpp> and mark the interface)"}));
    const std::string two = "struct RPCFORGE_SERVICE A {};\nstruct RPCFORGE_SERVICE B {};\n";
    EXPECT_EQ(diagnostics_of(two),
              (std::vector<std::string>{at(two, "B {}", 25, "a second service in one header: each service needs a header of its own")}));
    const std::string templated = "template <class T> struct RPCFORGE_SERVICE T1 { RPCFORGE_METHOD virtual int f() = 0; };\n";
    EXPECT_EQ(diagnostics_of(templated),
              (std::vector<std::string>{at(templated, "T1 {", 44, "service 'T1' is a class template: a service must be one concrete interface")}));
}

TEST(CppDiagnostics, AnnotationsOutOfPlaceAndOptionalDefaults) {
    const std::string body = R"(
struct RPCFORGE_SERVICE S {
    __attribute__((annotate("rpcforge:methd"))) virtual int typo() = 0;
    RPCFORGE_NAME("x.y") virtual int unmarked();
    RPCFORGE_ROLE("admin") virtual int unguarded();
    RPCFORGE_METHOD virtual int some(std::optional<int> a = 3) = 0;
    RPCFORGE_METHOD virtual int none(std::optional<int> a = std::nullopt, std::optional<int> b = {}) = 0;
};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "typo()", 61, "unknown annotation 'rpcforge:methd' (see rpcforge/annotations.hpp)"),
                  at(body, "typo()", 61, "'typo' is pure virtual but not marked RPCFORGE_METHOD or RPCFORGE_NOTIFICATION: the generated client could not implement the interface"),
                  at(body, "unmarked()", 38, "RPCFORGE_NAME and RPCFORGE_ALIAS name methods: mark this one RPCFORGE_METHOD or RPCFORGE_NOTIFICATION"),
                  at(body, "unguarded()", 40, "RPCFORGE_ROLE guards methods: mark this one RPCFORGE_METHOD or RPCFORGE_NOTIFICATION"),
                  at(body, "3) = 0", 61, "the default of std::optional parameter 'a' must be std::nullopt: left out, it is empty"),
              }));
}

TEST(CppDiagnostics, IdempotentMarksMethodsOnly) {
    // Failover sends a call again when its answer is lost: a notification has none to lose.
    const std::string body = R"(
struct RPCFORGE_SERVICE RPCFORGE_IDEMPOTENT S {
    RPCFORGE_NOTIFICATION RPCFORGE_IDEMPOTENT virtual void told(int n) = 0;
    RPCFORGE_IDEMPOTENT virtual int unmarked();
    RPCFORGE_METHOD RPCFORGE_IDEMPOTENT virtual int fine(int n) = 0;
};
)";
    EXPECT_EQ(diagnostics_of(body),
              (std::vector<std::string>{
                  at(body, "IDEMPOTENT S {", 45, "RPCFORGE_IDEMPOTENT marks methods: mark this one RPCFORGE_METHOD"),
                  at(body, "told(int n)", 60, "'told' is a notification, which is never sent again (it has no answer to lose): "
                                               "RPCFORGE_IDEMPOTENT marks methods"),
                  at(body, "unmarked()", 37, "RPCFORGE_IDEMPOTENT marks methods: mark this one RPCFORGE_METHOD"),
              }));
}

TEST(CppDiagnostics, SubscriptionsTakeATrailingSinkAndAreMarkedAlone) {
    const std::string body = R"(#include <rpcforge/subscription.hpp>
struct RPCFORGE_SERVICE S {
    RPCFORGE_SUBSCRIPTION virtual void no_sink(int a) = 0;
    RPCFORGE_METHOD virtual void unmarked(rpcforge::Subscription<int> unmarked_sink) = 0;
    RPCFORGE_SUBSCRIPTION RPCFORGE_METHOD virtual void both(rpcforge::Subscription<int> both_sink) = 0;
    RPCFORGE_SUBSCRIPTION virtual int returns(rpcforge::Subscription<int> returns_sink) = 0;
    RPCFORGE_SUBSCRIPTION virtual void early(rpcforge::Subscription<int> early_sink, int a, rpcforge::Subscription<int> sink) = 0;
    RPCFORGE_SUBSCRIPTION virtual void fine(int a, rpcforge::Subscription<int> sink) = 0;
};
)";
    auto result = read_header(body);
    EXPECT_EQ(result.diagnostics,
              (std::vector<std::string>{
                  at(body, "no_sink(", 40, "'no_sink' is marked RPCFORGE_SUBSCRIPTION: it takes a trailing "
                                            "'rpcforge::Subscription<T>', T the type of its items, and returns void"),
                  at(body, "unmarked(", 34, "'unmarked' takes an 'rpcforge::Subscription<T>': mark it "
                                             "RPCFORGE_SUBSCRIPTION, alone"),
                  at(body, "both(", 56, "'both' is marked RPCFORGE_SUBSCRIPTION and RPCFORGE_METHOD or "
                                         "RPCFORGE_NOTIFICATION: a subscription is marked RPCFORGE_SUBSCRIPTION alone"),
                  at(body, "returns(", 39, "'returns' sends its items through its rpcforge::Subscription: it must "
                                            "return void"),
                  at(body, "early_sink", 74, "the subscription's sink must be the last parameter, as "
                                              "'rpcforge::Subscription<T>'"),
              }));
    ASSERT_FALSE(result.header.service.methods.empty());
    const auto& fine = result.header.service.methods.back();
    EXPECT_EQ(fine.name.wire, "fine");
    EXPECT_TRUE(fine.is_subscription);
    EXPECT_TRUE(fine.result.has_value()) << "the items' type is the result";
    EXPECT_EQ(fine.params.size(), 1u) << "the sink is no JSON parameter";
}

TEST(CppDiagnostics, ClangsOwnErrorsComeThroughAtTheirPlace) {
    const std::string body = "struct RPCFORGE_SERVICE S {\n    RPCFORGE_METHOD virtual Unknown f() = 0;\n};\n";
    EXPECT_EQ(diagnostics_of(body), (std::vector<std::string>{at(body, "Unknown f", 29, "unknown type name 'Unknown'")}));
}

TEST(CppDiagnostics, TheModelChecksRunOnHeadersToo) {
    const std::string body = R"(
struct RPCFORGE_SERVICE S {
    RPCFORGE_METHOD RPCFORGE_NAME("rpc.own") virtual int f() = 0;
};
)";
    // The frontend maps; the checks (shared with OpenRPC input) run in the driver. Mapping alone
    // reports nothing here.
    EXPECT_EQ(diagnostics_of(body), std::vector<std::string>{});
}

}  // namespace
