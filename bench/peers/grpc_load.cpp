// grpc_load: the load generator for the gRPC peer of the benchmark suite. It keeps
// --connections HTTP/2 connections (one TCP connection each) with --depth calls outstanding on
// every one, driven by a few threads through the asynchronous API, so that 64 connections do
// not need 64 threads. Every answer is checked; wrong answers and failed calls are errors,
// never successes. At the end it prints one line of JSON:
//   {"ok": N, "answered": N, "errors": N, "seconds": S, "rate": R, "p50_us": X, "p99_us": Y}
// and exits non-zero when there were errors or no successful call. "ok" counts the right
// answers inside the measured window; "answered" counts those of the warm-up too, so that the
// suite can divide the server's CPU time by every call the server served.
//
//   grpc_load --target 127.0.0.1:PORT [--connections N] [--depth D] [--seconds S] [--warmup S]
//             [--method add|echo] [--size BYTES] [--threads T]

#include "bench.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Far above the 1 MiB echo; gRPC's default receive limit is 4 MiB.
constexpr int max_message_bytes = 64 * 1024 * 1024;
// A call that takes longer than this is a failure, so a stuck server cannot hang the tool.
constexpr auto call_timeout = std::chrono::seconds(10);
constexpr auto connect_timeout = std::chrono::seconds(5);
// Failures are counted without limit but only the first few are described on stderr.
constexpr int described_failures_per_thread = 5;

enum class Method { add, echo };

struct Options {
    std::string target;
    int connections = 1;
    int depth = 1;
    double seconds = 5;
    double warmup = 1;
    Method method = Method::add;
    std::size_t size = 1048576;
    int threads = 1;
};

// ----- options ---------------------------------------------------------------------------------

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "grpc_load: " << message << "\n"
              << "usage: grpc_load --target HOST:PORT [--connections N] [--depth D] [--seconds S]\n"
              << "                 [--warmup S] [--method add|echo] [--size BYTES] [--threads T]\n";
    std::exit(2);
}

long long whole_number(const std::string& flag, const char* text, long long min, long long max) {
    char* end = nullptr;
    long long value = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || value < min || value > max) {
        usage_error(flag + " needs a whole number in [" + std::to_string(min) + ", " + std::to_string(max) +
                    "], got '" + text + "'");
    }
    return value;
}

double duration_seconds(const std::string& flag, const char* text, double min) {
    char* end = nullptr;
    double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(value >= min) || value > 24 * 3600) {
        usage_error(flag + " needs a number of seconds, got '" + text + "'");
    }
    return value;
}

Method method_named(const std::string& name) {
    if (name == "add") return Method::add;
    if (name == "echo") return Method::echo;
    usage_error("--method is add or echo, got '" + name + "'");
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage_error(flag + " needs a value");
        const char* value = argv[++i];
        if (flag == "--target") {
            options.target = value;
        } else if (flag == "--connections") {
            options.connections = static_cast<int>(whole_number(flag, value, 1, 10000));
        } else if (flag == "--depth") {
            options.depth = static_cast<int>(whole_number(flag, value, 1, 10000));
        } else if (flag == "--seconds") {
            options.seconds = duration_seconds(flag, value, 0.001);
        } else if (flag == "--warmup") {
            options.warmup = duration_seconds(flag, value, 0);
        } else if (flag == "--method") {
            options.method = method_named(value);
        } else if (flag == "--size") {
            options.size = static_cast<std::size_t>(whole_number(flag, value, 0, max_message_bytes / 2));
        } else if (flag == "--threads") {
            options.threads = static_cast<int>(whole_number(flag, value, 1, 1024));
        } else {
            usage_error("unknown flag " + flag);
        }
    }
    if (options.target.empty()) usage_error("--target is required");
    // A thread without a connection would only idle.
    options.threads = std::min(options.threads, options.connections);
    return options;
}

// ----- latency ---------------------------------------------------------------------------------

// Latencies in whole microseconds: one counter per microsecond up to 100 ms (exact, no allocation
// while measuring), and the rare slower calls kept one by one.
class LatencyHistogram {
public:
    LatencyHistogram() : counts_(fine_limit_us, 0) {}

    void record(std::uint64_t micros) {
        if (micros < fine_limit_us) {
            ++counts_[micros];
        } else {
            slow_.push_back(micros);
        }
        ++total_;
    }

    void merge(const LatencyHistogram& other) {
        for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
        slow_.insert(slow_.end(), other.slow_.begin(), other.slow_.end());
        total_ += other.total_;
    }

    // Nearest rank: the smallest latency that at least the fraction q of the calls did not exceed.
    std::uint64_t quantile(double q) {
        if (total_ == 0) return 0;
        const auto rank =
            std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_))));
        std::uint64_t seen = 0;
        for (std::size_t micros = 0; micros < counts_.size(); ++micros) {
            seen += counts_[micros];
            if (seen >= rank) return micros;
        }
        std::sort(slow_.begin(), slow_.end());
        return slow_[rank - seen - 1];
    }

private:
    static constexpr std::uint64_t fine_limit_us = 100000;
    std::vector<std::uint64_t> counts_;
    std::vector<std::uint64_t> slow_;
    std::uint64_t total_ = 0;
};

// Calls count as measured when they complete inside [start, end); before is warm-up, and no call
// starts after the end.
struct Window {
    Clock::time_point start;
    Clock::time_point end;
};

struct Tally {
    std::uint64_t ok = 0;
    std::uint64_t answered = 0;  // right calls at any time, warm-up included (for CPU per call)
    std::uint64_t errors = 0;
    LatencyHistogram latencies;
};

// ----- calls -----------------------------------------------------------------------------------

using Stub = rpcforge_bench::Calc::Stub;

// One call slot of a connection: a call in flight, restarted as soon as it completes. Its
// address is the completion queue tag.
class CallSlot {
public:
    virtual ~CallSlot() = default;
    virtual void start(grpc::CompletionQueue& queue) = 0;
    // Whether the call completed and its answer is the right one; otherwise why not.
    virtual bool succeeded(std::string& why) const = 0;
    Clock::time_point started() const { return started_; }

protected:
    Clock::time_point started_;
};

// Add(a, 2) with a different a on every call, so a server that answers from a stale or wrong
// request is caught.
struct AddCall {
    using Request = rpcforge_bench::AddRequest;
    using Reply = rpcforge_bench::AddReply;

    const Request& next_request() {
        request.set_a(++calls);
        request.set_b(2);
        return request;
    }
    bool is_right(const Reply& reply) const { return reply.sum() == request.a() + request.b(); }
    static auto prepare(Stub& stub, grpc::ClientContext* context, const Request& request,
                        grpc::CompletionQueue* queue) {
        return stub.PrepareAsyncAdd(context, request, queue);
    }

    Request request;
    std::int64_t calls = 0;
};

// Echo of one payload shared by every slot: the request is serialised when the call starts,
// so sharing it read-only costs no copies (64 connections x depth would be that many MiB).
struct EchoCall {
    using Request = rpcforge_bench::EchoMessage;
    using Reply = rpcforge_bench::EchoMessage;

    const Request& next_request() const { return *payload; }
    bool is_right(const Reply& reply) const { return reply.text() == payload->text(); }
    static auto prepare(Stub& stub, grpc::ClientContext* context, const Request& request,
                        grpc::CompletionQueue* queue) {
        return stub.PrepareAsyncEcho(context, request, queue);
    }

    const Request* payload = nullptr;
};

template <class Call>
class TypedCallSlot final : public CallSlot {
public:
    TypedCallSlot(Stub& stub, Call call) : stub_(stub), call_(std::move(call)) {}

    void start(grpc::CompletionQueue& queue) override {
        // The reader lives in the previous call's arena, which its context owns: it goes first.
        reader_.reset();
        context_ = std::make_unique<grpc::ClientContext>();
        started_ = Clock::now();
        // gRPC takes deadlines on the system clock only.
        context_->set_deadline(std::chrono::system_clock::now() + call_timeout);
        reader_ = Call::prepare(stub_, context_.get(), call_.next_request(), &queue);
        reader_->StartCall();
        reader_->Finish(&reply_, &status_, this);
    }

    bool succeeded(std::string& why) const override {
        if (!status_.ok()) {
            why = "RPC failed: code " + std::to_string(status_.error_code()) + ": " + status_.error_message();
            return false;
        }
        if (!call_.is_right(reply_)) {
            why = "wrong answer";
            return false;
        }
        return true;
    }

private:
    Stub& stub_;
    Call call_;
    typename Call::Reply reply_;
    grpc::Status status_;
    std::unique_ptr<grpc::ClientContext> context_;
    std::unique_ptr<grpc::ClientAsyncResponseReader<typename Call::Reply>> reader_;
};

// ----- connections and workers -----------------------------------------------------------------

struct Connection {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<Stub> stub;
};

// Channels with equal arguments share one subchannel, hence one TCP connection; a distinct
// channel_id and a local subchannel pool give each channel its own.
Connection open_connection(const std::string& target, int index) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("grpc.channel_id", index);
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    arguments.SetMaxReceiveMessageSize(max_message_bytes);
    arguments.SetMaxSendMessageSize(max_message_bytes);
    Connection connection;
    connection.channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments);
    connection.stub = rpcforge_bench::Calc::NewStub(connection.channel);
    return connection;
}

// Connected before the clock starts, so connection setup is not measured.
bool connect_all(std::vector<Connection>& connections) {
    const auto deadline = std::chrono::system_clock::now() + connect_timeout;
    for (Connection& connection : connections) {
        if (!connection.channel->WaitForConnected(deadline)) return false;
    }
    return true;
}

// One polling thread: its own completion queue and the call slots of its connections.
struct Worker {
    grpc::CompletionQueue queue;
    std::vector<std::unique_ptr<CallSlot>> slots;
    Tally tally;
    int failures_described = 0;
};

void account(Worker& worker, const CallSlot& slot, Clock::time_point completed, const Window& window) {
    std::string why;
    if (!slot.succeeded(why)) {
        ++worker.tally.errors;
        if (worker.failures_described++ < described_failures_per_thread) {
            std::cerr << "grpc_load: " << why << "\n";
        }
        return;
    }
    ++worker.tally.answered;
    if (completed < window.start || completed >= window.end) return;
    ++worker.tally.ok;
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(completed - slot.started());
    worker.tally.latencies.record(static_cast<std::uint64_t>(latency.count()));
}

// Keeps every slot busy until the window ends, then lets the calls in flight finish (each has
// a deadline, so this ends) and checks them too.
void run_worker(Worker& worker, const Window& window) {
    std::size_t in_flight = 0;
    for (auto& slot : worker.slots) {
        slot->start(worker.queue);
        ++in_flight;
    }
    void* tag = nullptr;
    bool ok = false;
    while (in_flight > 0 && worker.queue.Next(&tag, &ok)) {
        const Clock::time_point completed = Clock::now();
        --in_flight;
        auto& slot = *static_cast<CallSlot*>(tag);
        account(worker, slot, completed, window);
        if (completed < window.end) {
            slot.start(worker.queue);
            ++in_flight;
        }
    }
    worker.queue.Shutdown();
    while (worker.queue.Next(&tag, &ok)) {
    }
}

std::unique_ptr<CallSlot> make_slot(const Options& options, Stub& stub, const rpcforge_bench::EchoMessage& payload) {
    switch (options.method) {
        case Method::add:
            return std::make_unique<TypedCallSlot<AddCall>>(stub, AddCall{});
        case Method::echo:
            return std::make_unique<TypedCallSlot<EchoCall>>(stub, EchoCall{&payload});
    }
    return nullptr;
}

// Printable and not one repeated byte, so a server that mangles part of it is caught.
rpcforge_bench::EchoMessage make_payload(std::size_t size) {
    std::string text(size, ' ');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
    rpcforge_bench::EchoMessage payload;
    payload.set_text(std::move(text));
    return payload;
}

Clock::duration to_duration(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

void print_result(Tally& total, double seconds) {
    std::printf(
        "{\"ok\": %llu, \"answered\": %llu, \"errors\": %llu, \"seconds\": %.3f, \"rate\": %.1f, "
        "\"p50_us\": %llu, \"p99_us\": %llu}\n",
        static_cast<unsigned long long>(total.ok), static_cast<unsigned long long>(total.answered),
        static_cast<unsigned long long>(total.errors), seconds,
        static_cast<double>(total.ok) / seconds, static_cast<unsigned long long>(total.latencies.quantile(0.50)),
        static_cast<unsigned long long>(total.latencies.quantile(0.99)));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);

    std::vector<Connection> connections;
    for (int i = 0; i < options.connections; ++i) {
        connections.push_back(open_connection(options.target, i));
    }
    if (!connect_all(connections)) {
        std::cerr << "grpc_load: cannot connect to " << options.target << "\n";
        return 1;
    }

    const rpcforge_bench::EchoMessage payload = make_payload(options.method == Method::echo ? options.size : 0);
    std::vector<Worker> workers(static_cast<std::size_t>(options.threads));
    for (int i = 0; i < options.connections; ++i) {
        Worker& worker = workers[static_cast<std::size_t>(i % options.threads)];
        for (int d = 0; d < options.depth; ++d) {
            worker.slots.push_back(make_slot(options, *connections[static_cast<std::size_t>(i)].stub, payload));
        }
    }

    const Clock::time_point begin = Clock::now();
    const Window window{begin + to_duration(options.warmup),
                        begin + to_duration(options.warmup) + to_duration(options.seconds)};
    std::vector<std::thread> threads;
    for (Worker& worker : workers) threads.emplace_back(run_worker, std::ref(worker), std::cref(window));
    for (std::thread& thread : threads) thread.join();

    Tally total;
    for (const Worker& worker : workers) {
        total.ok += worker.tally.ok;
        total.answered += worker.tally.answered;
        total.errors += worker.tally.errors;
        total.latencies.merge(worker.tally.latencies);
    }
    const double measured = std::chrono::duration<double>(window.end - window.start).count();
    print_result(total, measured);
    return total.errors > 0 || total.ok == 0 ? 1 : 0;
}
