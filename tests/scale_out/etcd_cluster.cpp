#include "scale_out/etcd_cluster.hpp"

#include "scale_out/test_servers.hpp"

#include <rpcforge/discovery.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rpcforge::test {
namespace {

int unused_port() {
    auto uri = unused_tcp_uri();
    return std::stoi(uri.substr(uri.rfind(':') + 1));
}

std::string local(int port) { return "http://127.0.0.1:" + std::to_string(port); }

std::string tail_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto all = text.str();
    return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace

EtcdCluster::EtcdCluster(int members) {
    folder_ = std::filesystem::temp_directory_path() / ("rpcforge-etcd-" + std::to_string(::getpid()) + "-" +
                                                        std::to_string(unused_port()));
    std::filesystem::create_directories(folder_);
    std::string initial_cluster;
    for (int i = 0; i < members; ++i) {
        Member member{"m" + std::to_string(i), unused_port(), unused_port(), nullptr};
        initial_cluster += (i ? "," : "") + member.name + "=" + local(member.peer_port);
        members_.push_back(std::move(member));
    }
    for (auto& member : members_) {
        // Short heartbeats and elections: a killed leader is replaced in well under a second.
        std::string command = "exec " RPCFORGE_ETCD " --name " + member.name + " --data-dir " + (folder_ / member.name).string() +
                              " --listen-client-urls " + local(member.client_port) + " --advertise-client-urls " +
                              local(member.client_port) + " --listen-peer-urls " + local(member.peer_port) +
                              " --initial-advertise-peer-urls " + local(member.peer_port) + " --initial-cluster " +
                              initial_cluster +
                              " --initial-cluster-state new --initial-cluster-token rpcforge-test"
                              " --heartbeat-interval 50 --election-timeout 500 >" +
                              (folder_ / (member.name + ".log")).string() + " 2>&1";
        member.process = std::make_unique<detail::ChildProcess>(std::vector<std::string>{"/bin/sh", "-c", command});
    }
    for (const auto& member : members_) wait_until_answering(member);
}

EtcdCluster::~EtcdCluster() {
    for (auto& member : members_)
        if (member.process) member.process->stop(std::chrono::milliseconds(0));
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
}

void EtcdCluster::wait_until_answering(const Member& member) const {
    DiscoveryUri uri;
    uri.kind = DiscoveryUri::Kind::etcd;
    uri.stores = {"127.0.0.1:" + std::to_string(member.client_port)};
    auto discovery = open_discovery(uri);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (true) {
        try {
            discovery->resolve("health-check");
            return;
        } catch (const DiscoveryError&) {
            if (std::chrono::steady_clock::now() > deadline || member.process->wait_for(std::chrono::milliseconds(0)) != -1)
                throw std::runtime_error("etcd member " + member.name + " did not answer; its log ends:\n" +
                                         tail_of(folder_ / (member.name + ".log")));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

std::string EtcdCluster::uri(const std::string& service) const {
    std::string uri = "etcd://";
    for (std::size_t i = 0; i < members_.size(); ++i)
        uri += (i ? "," : "") + std::string("127.0.0.1:") + std::to_string(members_[i].client_port);
    return uri + "/" + service;
}

void EtcdCluster::kill_member(int index) {
    auto& member = members_.at(static_cast<std::size_t>(index));
    ::kill(member.process->pid(), SIGKILL);
    member.process->wait_for(std::chrono::seconds(5));
}

}  // namespace rpcforge::test
