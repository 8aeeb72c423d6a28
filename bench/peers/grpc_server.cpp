// grpc_server: the gRPC peer of the benchmark suite. It serves bench.proto's Calc service (unary
// Add and Echo, the same work as the JSON-RPC servers' add and echo) with gRPC C++'s
// synchronous server over plaintext HTTP/2.
//
//   grpc_server --port N [--threads N]
// prints "listening <port>" once it serves and runs until SIGTERM or SIGINT.

#include "bench.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {

// Far above the 1 MiB echo of the suite; gRPC's default receive limit is 4 MiB.
constexpr int max_message_bytes = 64 * 1024 * 1024;

struct Options {
    int port = 0;
    int threads = 0;  // 0: gRPC's defaults (a completion queue per core, 1 to 2 pollers each)
};

class CalcService final : public rpcforge_bench::Calc::Service {
public:
    grpc::Status Add(grpc::ServerContext* /*context*/, const rpcforge_bench::AddRequest* request,
                     rpcforge_bench::AddReply* reply) override {
        reply->set_sum(request->a() + request->b());
        return grpc::Status::OK;
    }

    grpc::Status Echo(grpc::ServerContext* /*context*/, const rpcforge_bench::EchoMessage* request,
                      rpcforge_bench::EchoMessage* reply) override {
        reply->set_text(request->text());
        return grpc::Status::OK;
    }
};

Options parse_options(int argc, char** argv) {
    CLI::App app{"gRPC benchmark server"};
    Options options;
    app.add_option("--port", options.port, "port on 127.0.0.1")->required()->check(CLI::Range(1, 65535));
    app.add_option("--threads", options.threads, "polling threads of the one completion queue (default: gRPC's own)")->check(CLI::Range(1, 1024));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        std::exit(app.exit(error));
    }
    return options;
}

// --threads N: one completion queue (by default there is one per core) polled by at most N
// threads. This bounds the idle pollers, not the threads: the synchronous server starts another
// thread whenever a poller takes a call and none is left polling, so under load it may run more
// than N. The hard cap, ResourceQuota::SetMaxThreads, is not used on purpose: when the quota is
// used up the server rejects calls with RESOURCE_EXHAUSTED ("Server Threadpool Exhausted")
// instead of queueing them (seen with --threads 2 and 64 connections: ~8% of calls refused),
// which a throughput benchmark would count as errors. Avoid --threads 1: with MAX_POLLERS 1 a
// thread that finishes a call finds another one polling and exits, so every call costs a thread
// start (64 connections x depth 4: 1,449 calls/s, against 15,472 with --threads 2).
void limit_pollers(grpc::ServerBuilder& builder, int threads) {
    builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS, 1);
    builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
    builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, threads);
}

std::unique_ptr<grpc::Server> start_server(const Options& options, CalcService& service, int& bound_port) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("0.0.0.0:" + std::to_string(options.port), grpc::InsecureServerCredentials(), &bound_port);
    // gRPC sets SO_REUSEPORT by default, so a second server on a busy port would start and
    // silently share it; without it, a busy port is an error here.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.SetMaxReceiveMessageSize(max_message_bytes);
    builder.SetMaxSendMessageSize(max_message_bytes);
    if (options.threads > 0) limit_pollers(builder, options.threads);
    builder.RegisterService(&service);
    return builder.BuildAndStart();
}

// Blocked before gRPC starts its threads, so they inherit the mask and the signals reach only
// sigwait in main.
sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const sigset_t stop_signals = block_stop_signals();

    CalcService service;
    int bound_port = 0;
    std::unique_ptr<grpc::Server> server = start_server(options, service, bound_port);
    if (!server || bound_port == 0) {
        std::cerr << "grpc_server: cannot listen on port " << options.port << "\n";
        return 1;
    }
    std::cout << "listening " << bound_port << std::endl;

    int received = 0;
    sigwait(&stop_signals, &received);
    // Calls still running get a moment to finish; a load generator that keeps sending must not
    // hold the shutdown open.
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    server->Wait();
    return 0;
}
