#include "soak/soak_load.hpp"

#include "support/http_probe.hpp"
#include "support/raw_stream.hpp"

#include <rpcforge/error.hpp>

#include <random>
#include <set>
#include <thread>

namespace rpcforge::soak {

void Tally::fail(const std::string& what) {
    if (failures_.fetch_add(1) >= 20) return;
    std::lock_guard lock(mutex_);
    kept_.push_back(what);
}

std::vector<std::string> Tally::first_failures() const {
    std::lock_guard lock(mutex_);
    return kept_;
}

namespace {

std::int64_t fib(std::int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

std::string text_of(std::size_t size, std::mt19937& random) {
    std::string text(size, ' ');
    for (auto& c : text) c = static_cast<char>('a' + random() % 26);
    return text;
}

/// One call of a kind chosen by `turn`, and the answer it must get.
struct Expected {
    std::string method;
    json params;
    json result;
};

Expected next_call(std::size_t turn, bool full_service, std::mt19937& random) {
    auto text = text_of(1 + random() % 4096, random);
    if (!full_service) return {"echo", {text}, text};
    switch (turn % 4) {
    case 0: return {"echo", {text}, text};
    case 1: return {"length", {text}, text.size()};
    case 2: return {"fib", {12 + turn % 6}, fib(static_cast<std::int64_t>(12 + turn % 6))};
    default: return {"version", nullptr, nullptr};  // v1 or v2, whichever is loaded
    }
}

bool is_right(const Expected& call, const json& answer) {
    if (call.method == "version") return answer == "v1" || answer == "v2";
    return answer == call.result;
}

/// False when the connection is gone (a call failed for that reason).
bool checked_call(Client& client, const Expected& call, const LoadTarget& target, Tally& tally) {
    ++tally.sent;
    try {
        auto answer = client.call(call.method, call.params, CallOptions{.timeout = std::chrono::seconds(15)});
        ++tally.answered;
        if (!is_right(call, answer)) tally.fail(target.name + ": " + call.method + " answered " + answer.dump().substr(0, 80));
        return true;
    } catch (const Error& e) {
        ++tally.answered;
        if (call.method == "fib" && e.code() == error_code::internal_error) ++tally.worker_killed;
        else tally.fail(target.name + ": " + call.method + " failed: " + e.what());
        return true;
    } catch (const ConnectionError& e) {
        if (!target.may_close) tally.fail(target.name + ": connection lost with a call waiting: " + e.what());
        ++tally.connection_closed;
        return false;
    } catch (const std::exception& e) {
        tally.fail(target.name + ": no answer to " + call.method + ": " + e.what());
        return false;
    }
}

void checked_batch(Client& client, const LoadTarget& target, Tally& tally, std::mt19937& random) {
    auto text = text_of(1 + random() % 512, random);
    auto futures = client.send_batch(Batch().call("echo", {text}).call("length", {text}));
    tally.sent += 2;
    try {
        if (futures.at(0).get() != text || futures.at(1).get() != text.size()) tally.fail(target.name + ": wrong batch answer");
        tally.answered += 2;
    } catch (const std::exception& e) {
        tally.fail(target.name + ": batch not answered: " + e.what());
    }
}

std::unique_ptr<Client> connect(const LoadTarget& target, Tally& tally) {
    try {
        auto client = std::make_unique<Client>(target.uri, target.options);
        ++tally.connections;
        return client;
    } catch (const std::exception& e) {
        // A prefork restart may leave a connection in the backlog of a worker that stops.
        if (!target.may_close) tally.fail(target.name + ": cannot connect: " + e.what());
        return nullptr;
    }
}

}  // namespace

void run_caller(const LoadTarget& target, Clock::time_point until, Tally& tally, unsigned seed) {
    std::mt19937 random(seed);
    for (int round = 0; round < 100000 && Clock::now() < until; ++round) {
        auto client = connect(target, tally);
        if (!client) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        bool up = true;
        for (std::size_t turn = 0; up && turn < 40 && Clock::now() < until; ++turn)
            up = checked_call(*client, next_call(turn + round, target.full_service, random), target, tally);
        if (up && target.full_service) checked_batch(*client, target, tally, random);
    }
}

namespace {

std::string echo_request(int id, const std::string& text) {
    return json{{"jsonrpc", "2.0"}, {"method", "echo"}, {"params", {text}}, {"id", id}}.dump();
}

/// Reads `count` answers and checks that each id came once, with its text.
void read_all(test::RawStream& stream, int count, const std::string& text, Tally& tally) {
    std::set<int> seen;
    for (int i = 0; i < count; ++i) {
        auto line = stream.receive(std::chrono::seconds(15));
        if (!line) return tally.fail("stalled reader: " + std::to_string(count - i) + " answers lost");
        ++tally.answered;
        auto answer = json::parse(*line);
        if (answer.value("result", json()) != text || !seen.insert(answer.value("id", 0)).second)
            tally.fail("stalled reader: wrong answer " + line->substr(0, 80));
    }
}

}  // namespace

void run_stalled_reader(const std::string& uri, Clock::time_point until, Tally& tally) {
    const std::string text(16 * 1024, 's');
    for (int round = 0; round < 1000 && Clock::now() < until; ++round) {
        test::RawStream stream(uri);
        ++tally.connections;
        // 64 x 16 KiB answers: more than loopback's socket buffers hold, so the server's
        // writes wait and its flow control stops reading this connection.
        for (int id = 1; id <= 64; ++id) {
            stream.send(echo_request(id, text));
            ++tally.sent;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        read_all(stream, 64, text, tally);
    }
}

void run_http_pipeliner(const std::string& uri, Clock::time_point until, Tally& tally) {
    auto path = uri.substr(uri.find('/', uri.find("//") + 2));
    for (int round = 0; round < 1000 && Clock::now() < until; ++round) {
        test::HttpProbe probe(uri);
        ++tally.connections;
        std::string requests;
        for (int id = 1; id <= 16; ++id) requests += test::HttpProbe::post(path, echo_request(id, "pipelined"));
        probe.write(requests);
        tally.sent += 16;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        for (int id = 1; id <= 16; ++id) {
            auto reply = probe.read(std::chrono::seconds(15));
            if (!reply) {
                tally.fail("http pipeliner: " + std::to_string(17 - id) + " responses lost");
                break;
            }
            ++tally.answered;
            auto answer = json::parse(reply->body, nullptr, false);
            if (reply->status != 200 || answer.is_discarded() || answer.value("id", 0) != id)
                tally.fail("http pipeliner: response " + std::to_string(id) + " out of order or wrong: " + reply->body.substr(0, 80));
        }
    }
}

}  // namespace rpcforge::soak
