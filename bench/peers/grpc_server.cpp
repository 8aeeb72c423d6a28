// grpc_server: the gRPC peer of the benchmark suite. It serves bench.proto's Calc service (unary
// Add and Echo, the same work as the JSON-RPC servers' add and echo) with gRPC C++'s
// synchronous server over plaintext HTTP/2.
//
//   grpc_server --port N [--threads N]
// prints "listening <port>" once it serves and runs until SIGTERM or SIGINT.

#include "bench.grpc.pb.h"
#include "peer_main.hpp"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {

// Far above the 1 MiB echo of the suite; gRPC's default receive limit is 4 MiB.
constexpr int max_message_bytes = 64 * 1024 * 1024;

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

std::unique_ptr<grpc::Server> start_server(const peer::Options& options, CalcService& service, int& bound_port) {
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

}  // namespace

int main(int argc, char** argv) {
    const peer::Options options = peer::parse_options(
        argc, argv, "gRPC benchmark server", "polling threads of the one completion queue (default: gRPC's own)", 0);
    // Before the server library starts its threads, so that they inherit the mask.
    const sigset_t stop_signals = peer::block_stop_signals();

    CalcService service;
    int bound_port = 0;
    std::unique_ptr<grpc::Server> server = start_server(options, service, bound_port);
    if (!server || bound_port == 0) {
        std::cerr << "grpc_server: cannot listen on port " << options.port << "\n";
        return 1;
    }
    std::cout << "listening " << bound_port << std::endl;

    peer::wait_for_stop(stop_signals);
    // Calls still running get a moment to finish; a load generator that keeps sending must not
    // hold the shutdown open.
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    server->Wait();
    return 0;
}
