// The rpcforge client of the interop tests, against jayson's TCP or HTTP server (jayson_server.js):
// calls by position and by name, notifications, batches, and many calls in flight at once,
// every answer checked.
//
// Usage: interop_client URI
// Over TCP the URI needs ?framing=json: jayson writes its answers back to back with no
// delimiter. Over HTTP (http://HOST:PORT/) each answer is a response body.
// Exits 0 when every check passes, 1 otherwise.

#include <rpcforge/client.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

using rpcforge::json;

/// Counts mismatches and says what each one was, so one run reports every failure.
class Checks {
public:
    void result(const std::string& what, std::future<json> answer, const json& expected) {
        try {
            equal(what, answer.get(), expected);
        } catch (const std::exception& e) {
            fail(what, std::string("expected ") + expected.dump() + ", got the failure: " + e.what());
        }
    }

    void error(const std::string& what, std::future<json> answer, const rpcforge::Error& expected) {
        try {
            fail(what, "expected error " + expected.to_json().dump() + ", got the result " + answer.get().dump());
        } catch (const rpcforge::Error& e) {
            equal(what, e.to_json(), expected.to_json());
        } catch (const std::exception& e) {
            fail(what, "expected error " + expected.to_json().dump() + ", got the failure: " + e.what());
        }
    }

    void equal(const std::string& what, const json& got, const json& expected) {
        if (got == expected) {
            std::cout << "ok: " << what << std::endl;
        } else {
            fail(what, "expected " + expected.dump() + ", got " + got.dump());
        }
    }

    int failures() const { return failures_; }

private:
    void fail(const std::string& what, const std::string& why) {
        ++failures_;
        std::cout << "FAIL: " << what << ": " << why << std::endl;
    }

    int failures_ = 0;
};

const rpcforge::Error method_not_found{-32601, "Method not found"};

void check_calls(rpcforge::Client& client, Checks& checks) {
    checks.result("add by position", client.call_async("add", {2, 3}), 5);
    checks.result("add by name", client.call_async("add", {{"a", 40}, {"b", 2}}), 42);
    // Brackets, quotes and an escaped newline inside strings must not end a JSON text early
    // on a stream that has no delimiters.
    json tricky = {{"text", "]} \"quoted\" {[ \n h\u00e9llo \u2713"}, {"list", {1, 2.5, nullptr, true, json::array()}}};
    checks.result("echo of strings with brackets", client.call_async("echo", {{"value", tricky}}), {{"value", tricky}});
    checks.error("unknown method", client.call_async("no_such_method", {1}), method_not_found);
    checks.error("error with data", client.call_async("refuse", {1}),
                 rpcforge::Error(-32050, "refused", {{"reason", "always refuses"}, {"params", {1}}}));
}

void check_notifications(rpcforge::Client& client, Checks& checks) {
    client.notify("record", {{"event", "first"}});
    client.notify("record", {"second"});
    // jayson runs messages in the order they arrive on the connection, so this sees both.
    checks.result("notifications arrived", client.call_async("recorded"),
                  {{{"event", "first"}}, {"second"}});
}

void check_batches(rpcforge::Client& client, Checks& checks) {
    auto answers = client.send_batch(rpcforge::Batch()
                                         .call("add", {1, 2})
                                         .notify("record", {"in a batch"})
                                         .call("refuse", {{"why", "batch"}})
                                         .call("no_such_method")
                                         .call("echo", {"x"}));
    if (answers.size() != 4) return checks.equal("batch answer count", answers.size(), 4);
    checks.result("batch: add", std::move(answers[0]), 3);
    checks.error("batch: failing member", std::move(answers[1]),
                 rpcforge::Error(-32050, "refused", {{"reason", "always refuses"}, {"params", {{"why", "batch"}}}}));
    checks.error("batch: unknown method", std::move(answers[2]), method_not_found);
    checks.result("batch: echo", std::move(answers[3]), {"x"});

    // jayson answers an all-notification batch with nothing at all.
    auto none = client.send_batch(rpcforge::Batch().notify("record", {"only 1"}).notify("record", {"only 2"}));
    checks.equal("all-notification batch gives no futures", none.size(), 0);
    checks.result("batch notifications arrived", client.call_async("recorded"),
                  {{{"event", "first"}}, {"second"}, {"in a batch"}, {"only 1"}, {"only 2"}});
}

/// Many calls in flight at once, so that several undelimited answers share one read.
void check_pipelining(rpcforge::Client& client, Checks& checks) {
    std::vector<std::future<json>> answers;
    for (int i = 0; i < 100; ++i) answers.push_back(client.call_async("add", {i, 1000}));
    json got = json::array(), expected = json::array();
    for (int i = 0; i < 100; ++i) {
        expected.push_back(i + 1000);
        try {
            got.push_back(answers[i].get());
        } catch (const std::exception& e) {
            got.push_back(std::string("failure: ") + e.what());
        }
    }
    checks.equal("100 calls in flight", got, expected);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: interop_client URI" << std::endl;
        return 2;
    }
    rpcforge::ClientOptions options;
    options.connect_timeout = std::chrono::seconds(5);
    options.peer.call_timeout = std::chrono::seconds(5);  // well inside the test's timeout
    Checks checks;
    try {
        rpcforge::Client client(argv[1], options);
        check_calls(client, checks);
        check_notifications(client, checks);
        check_batches(client, checks);
        check_pipelining(client, checks);
    } catch (const std::exception& e) {
        std::cerr << "interop_client: " << e.what() << std::endl;
        return 1;
    }
    if (checks.failures() != 0) {
        std::cout << checks.failures() << " check(s) failed" << std::endl;
        return 1;
    }
    std::cout << "all checks passed" << std::endl;
}
