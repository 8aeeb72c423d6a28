// `rpcforge diff` on a table of changes: each pair of documents differs in one thing, and the
// verdict is checked on its text: "error" breaks existing clients, "warning" the C++ of
// existing servers, "note" is compatible.

#include "diff/diff.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check/check.hpp"
#include "frontend/openrpc/openrpc.hpp"

namespace rpcforge::diff {
namespace {

using Lines = std::vector<std::string>;

std::string document(const std::string& methods, const std::string& components = "{}", const std::string& extra = "") {
    return R"({"openrpc": "1.3.2", "info": {"title": "T", "version": "1"}, "methods": )" + methods +
           R"(, "components": )" + components + extra + "}";
}

model::Service read(const std::string& text, const std::string& file) {
    diagnostics::Sink sink;
    auto service = frontend::openrpc::read_openrpc_text(text, file, sink);
    if (service) check::check(*service, sink);
    EXPECT_FALSE(sink.has_errors()) << file << ": " << (sink.all().empty() ? "" : sink.all()[0].message);
    return service.value_or(model::Service{});
}

/// "severity: message", in the order reported (places are checked apart).
Lines verdicts(const std::string& before, const std::string& after) {
    diagnostics::Sink sink;
    compare(read(before, "old.json"), read(after, "new.json"), sink);
    Lines lines;
    for (const auto& d : sink.all()) {
        const char* severity = d.severity == diagnostics::Severity::error     ? "error: "
                               : d.severity == diagnostics::Severity::warning ? "warning: "
                                                                              : "note: ";
        lines.push_back(severity + d.message);
    }
    return lines;
}

const std::string add =
    R"({"name": "add", "params": [{"name": "a", "required": true, "schema": {"type": "integer", "format": "int32"}},
    {"name": "b", "required": true, "schema": {"type": "integer", "format": "int32"}}], "result": {"name": "r", "schema": {"type": "integer", "format": "int32"}}})";

TEST(Diff, TheSameServiceHasNoChanges) {
    EXPECT_EQ(verdicts(document("[" + add + "]"), document("[" + add + "]")), Lines{});
}

TEST(Diff, MethodsRemovedAddedRenamedWithAnAlias) {
    const std::string other =
        R"({"name": "neg", "params": [], "result": {"name": "r", "schema": {"type": "integer"}}})";
    EXPECT_EQ(verdicts(document("[" + add + ", " + other + "]"), document("[" + add + "]")),
              (Lines{"error: method 'neg' is removed: existing clients calling it get 'Method not found'"}));
    EXPECT_EQ(verdicts(document("[" + add + "]"), document("[" + add + ", " + other + "]")),
              (Lines{"warning: method 'neg' is new: compatible for clients; existing servers must implement it"}));
    const std::string renamed =
        R"({"name": "negate", "x-rpcforge-aliases": ["neg"], "params": [], "result": {"name": "r", "schema": {"type": "integer"}}})";
    EXPECT_EQ(verdicts(document("[" + other + "]"), document("[" + renamed + "]")),
              (Lines{"note: method 'neg' is renamed 'negate' and keeps its old name as an alias: compatible",
                     "warning: method 'negate' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(document("[" + renamed + "]"), document("[" + other + "]")),
              (Lines{"error: method 'negate' is removed: existing clients calling it get 'Method not found'"}));
}

TEST(Diff, ParamsAddedRemovedMovedAndMadeRequired) {
    auto with = [](const std::string& params) {
        return document(R"([{"name": "m", "params": )" + params + R"(, "result": {"name": "r", "schema": {}}}])");
    };
    const std::string a = R"({"name": "a", "required": true, "schema": {"type": "string"}})";
    const std::string b = R"({"name": "b", "schema": {"type": "string"}})";
    const std::string b_required = R"({"name": "b", "required": true, "schema": {"type": "string"}})";
    const std::string c = R"({"name": "c", "schema": {"type": "string"}})";
    EXPECT_EQ(verdicts(with("[" + a + "]"), with("[" + a + ", " + b + "]")),
              (Lines{"note: param 'b' of method 'm' is new and optional: compatible",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(with("[" + a + "]"), with("[" + a + ", " + b_required + "]"))[0],
              "error: param 'b' of method 'm' is new and required: existing clients do not send it");
    EXPECT_EQ(verdicts(with("[" + a + ", " + b + "]"), with("[" + a + "]"))[0],
              "error: param 'b' of method 'm' is removed: existing clients that send it are refused");
    EXPECT_EQ(verdicts(with("[" + a + ", " + b + "]"), with("[" + a + ", " + b_required + "]"))[0],
              "error: param 'b' of method 'm' becomes required: existing clients may leave it out");
    EXPECT_EQ(verdicts(with("[" + a + ", " + b + "]"), with("[" + a + ", " + c + ", " + b + "]"))[0],
              "error: param 'b' of method 'm' moves from position 2 to 3: existing clients calling by position send "
              "it in the wrong place");
}

TEST(Diff, AParamInsertedIsFineForCallersByNameOnly) {
    auto with = [](const std::string& params) {
        return document(R"([{"name": "m", "paramStructure": "by-name", "params": )" + params + "}]");
    };
    EXPECT_EQ(verdicts(with(R"([{"name": "b", "schema": {}}])"),
                       with(R"([{"name": "a", "schema": {}}, {"name": "b", "schema": {}}])")),
              (Lines{"note: param 'a' of method 'm' is new and optional: compatible",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
}

TEST(Diff, ParamStructureNarrowed) {
    auto with = [](const std::string& structure) {
        return document(R"([{"name": "m", "paramStructure": ")" + structure + R"(", "params": []}])");
    };
    EXPECT_EQ(
        verdicts(with("either"), with("by-name")),
        (Lines{
            "error: method 'm' no longer takes params by position: existing clients that send an array are refused"}));
    EXPECT_EQ(verdicts(with("by-name"), with("either")), Lines{});
}

TEST(Diff, TypesWidenedWhereClientsWriteAndNarrowedWhereTheyRead) {
    auto method = [](const std::string& param, const std::string& result) {
        return document(R"([{"name": "m", "params": [{"name": "p", "required": true, "schema": )" + param +
                        R"(}], "result": {"name": "r", "schema": )" + result + "}}]");
    };
    const std::string int32 = R"({"type": "integer", "format": "int32"})";
    const std::string int64 = R"({"type": "integer"})";
    EXPECT_EQ(verdicts(method(int32, int64), method(int64, int32)),
              (Lines{"note: param 'p' of method 'm' changes from int32 to int64: compatible, new servers read what "
                     "existing clients write",
                     "note: the result of method 'm' changes from int64 to int32: compatible, existing clients read "
                     "what new servers write",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(method(int64, int32), method(int32, int64)),
              (Lines{"error: param 'p' of method 'm': existing clients write int64, new servers read int32",
                     "error: the result of method 'm': new servers write int64, existing clients read int32",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(method(int64, int64), method(int64, R"({"type": ["integer", "null"]})"))[0],
              "error: the result of method 'm': new servers write optional<int64>, existing clients read int64: new "
              "servers may send null");
    EXPECT_EQ(verdicts(method(int64, int64), method(R"({"type": "string"})", int64))[0],
              "error: param 'p' of method 'm': existing clients write int64, new servers read string");
}

TEST(Diff, EnumValuesByDirection) {
    auto service = [](const std::string& values) {
        return document(
            R"([{"name": "set", "params": [{"name": "c", "required": true, "schema": {"$ref": "#/components/schemas/Color"}}]},
                            {"name": "get", "params": [], "result": {"name": "c", "schema": {"$ref": "#/components/schemas/Color"}}}])",
            R"({"schemas": {"Color": {"type": "string", "enum": )" + values + "}}}");
    };
    EXPECT_EQ(verdicts(service(R"(["red", "green"])"), service(R"(["red", "green", "blue"])")),
              (Lines{"error: enum Color: new servers may write 'blue', which existing clients refuse"}));
    EXPECT_EQ(verdicts(service(R"(["red", "green"])"), service(R"(["red"])")),
              (Lines{"error: enum Color: existing clients may write 'green', which new servers refuse"}));
}

TEST(Diff, StructFieldsByDirection) {
    auto service = [](const std::string& point, bool as_param) {
        std::string use = R"({"$ref": "#/components/schemas/Point"})";
        std::string method =
            as_param ? R"([{"name": "m", "params": [{"name": "p", "required": true, "schema": )" + use + "}]}]"
                     : R"([{"name": "m", "params": [], "result": {"name": "p", "schema": )" + use + "}}]";
        return document(method, R"({"schemas": {"Point": )" + point + "}}");
    };
    const std::string xy =
        R"({"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}, "required": ["x", "y"]})";
    const std::string xyz =
        R"({"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}, "z": {"type": "integer"}}, "required": ["x", "y", "z"]})";
    const std::string x_y_optional =
        R"({"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}, "required": ["x"]})";
    EXPECT_EQ(verdicts(service(xy, true), service(xyz, true)),
              (Lines{"error: field 'z' of Point: new servers need it, existing clients do not write it"}));
    EXPECT_EQ(verdicts(service(xy, false), service(xyz, false)), Lines{})
        << "clients pass over fields they do not know";
    EXPECT_EQ(verdicts(service(xy, false), service(x_y_optional, false)),
              (Lines{"error: field 'y' of Point: existing clients need it, new servers may leave it out"}));
    EXPECT_EQ(verdicts(service(xy, true), service(x_y_optional, true)), Lines{});
}

TEST(Diff, NotificationsResultsErrorsAndRoles) {
    const std::string call = R"([{"name": "m", "params": [], "result": {"name": "r", "schema": {"type": "string"}}}])";
    const std::string notification = R"([{"name": "m", "params": []}])";
    EXPECT_EQ(verdicts(document(call), document(notification))[0],
              "error: method 'm' becomes a notification: existing clients wait for an answer that never comes");
    auto erring = [](int code) {
        return document(R"([{"name": "m", "params": [], "errors": [{"$ref": "#/components/errors/Busy"}]}])",
                        R"({"errors": {"Busy": {"code": )" + std::to_string(code) + R"(, "message": "busy"}}})");
    };
    EXPECT_EQ(verdicts(erring(1), erring(2)), (Lines{"error: the error Busy of method 'm' changes its code from 1 to "
                                                     "2: existing clients no longer recognise it"}));
    auto guarded = [](const std::string& roles) {
        return document(R"([{"name": "m", "params": [], "x-rpcforge-roles": )" + roles + "}]");
    };
    EXPECT_EQ(verdicts(document(notification), guarded(R"(["admin"])")),
              (Lines{"error: method 'm' admits fewer callers: existing clients without one of its roles are refused"}));
    EXPECT_EQ(verdicts(guarded(R"(["admin"])"), guarded(R"(["admin", "ops"])")), Lines{});
}

TEST(Diff, AMethodThatIsNoLongerIdempotentMayRunTwiceForExistingClients) {
    auto marked = [](const std::string& idempotent) {
        return document(R"([{"name": "m", "params": [], "result": {"name": "r", "schema": {"type": "string"}})" +
                        idempotent + "}]");
    };
    const std::string idempotent = marked(R"(, "x-rpcforge-idempotent": true)");
    EXPECT_EQ(verdicts(idempotent, marked("")),
              (Lines{"error: method 'm' is no longer idempotent: existing clients may send it again when failing "
                     "over, running it twice"}));
    EXPECT_EQ(verdicts(marked(R"(, "x-rpcforge-idempotent": false)"), idempotent),
              (Lines{"note: method 'm' becomes idempotent: compatible, existing clients do not send it again; "
                     "clients generated anew do"}));
    EXPECT_EQ(verdicts(idempotent, idempotent), Lines{});
    // Becoming a notification is its own error; that it is no longer idempotent adds nothing.
    EXPECT_EQ(verdicts(idempotent, document(R"([{"name": "m", "params": []}])")),
              (Lines{"error: method 'm' becomes a notification: existing clients wait for an answer that never comes",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
}

TEST(Diff, BecomingOrNoLongerBeingASubscriptionBreaksExistingClients) {
    auto marked = [](const std::string& subscription) {
        return document(R"([{"name": "m", "params": [], "result": {"name": "r", "schema": {"type": "string"}})" +
                        subscription + "}]");
    };
    const std::string streamed = marked(R"(, "x-rpcforge-subscription": true)");
    EXPECT_EQ(verdicts(marked(""), streamed),
              (Lines{"error: method 'm' becomes a subscription: existing clients read its id as their result, and its "
                     "items reach no stream",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(streamed, marked("")),
              (Lines{"error: method 'm' is no longer a subscription: existing clients read its answer as a "
                     "subscription's id and wait for items that never come",
                     "warning: method 'm' changes its C++ signature: existing servers must be updated"}));
    EXPECT_EQ(verdicts(streamed, streamed), Lines{});
}

TEST(Diff, CallbacksAreReadByExistingClients) {
    auto with = [](const std::string& params) {
        return document("[]", "{}", R"(, "x-rpcforge-callbacks": [{"name": "tick", "params": )" + params + "}]");
    };
    EXPECT_EQ(
        verdicts(
            with(R"([{"name": "n", "required": true, "schema": {"type": "integer"}}])"),
            with(
                R"([{"name": "n", "required": true, "schema": {"type": "integer"}}, {"name": "at", "schema": {"type": "string"}}])")),
        (Lines{"error: param 'at' of callback 'tick' is new: existing clients refuse a param they do not know"}));
}

TEST(Diff, BreakingChangesArePlacedInTheNewDocumentAndRemovalsInTheOld) {
    diagnostics::Sink sink;
    compare(read(document("[" + add + R"(, {"name": "gone", "params": []}])"), "old.json"),
            read(document(R"([{"name": "add", "params": [], "result": {"name": "r", "schema": {}}}])"), "new.json"),
            sink);
    ASSERT_GE(sink.all().size(), 2u);
    EXPECT_EQ(sink.all()[0].location.file, "old.json") << "param 'a' removed: its place is in the old document";
    EXPECT_EQ(sink.all()[0].location.pointer, "/methods/0/params/0");
    EXPECT_EQ(sink.all().back().location.file, "old.json");
    EXPECT_EQ(sink.all().back().location.pointer, "/methods/1");
}

}  // namespace
}  // namespace rpcforge::diff
