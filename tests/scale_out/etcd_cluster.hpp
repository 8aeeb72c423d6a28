#pragma once
// A real etcd cluster for the scale-out tests: N members on loopback ports, each its own process
// with its data in a temporary folder, started by the test and gone with it.

#include "transport/stdio/child_process.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge::test {

class EtcdCluster {
public:
    /// Starts `members` etcd processes as one cluster and waits (up to 30 s) until each answers.
    /// Throws std::runtime_error, with the end of a member's log, when one does not.
    explicit EtcdCluster(int members = 3);
    ~EtcdCluster();

    /// etcd://127.0.0.1:C1,127.0.0.1:C2,.../SERVICE, every member's client port.
    std::string uri(const std::string& service) const;
    /// Kills member `index` with SIGKILL, as a crash would.
    void kill_member(int index);

private:
    struct Member {
        std::string name;
        int client_port = 0;
        int peer_port = 0;
        std::unique_ptr<detail::ChildProcess> process;
    };

    void wait_until_answering(const Member& member) const;

    std::filesystem::path folder_;
    std::vector<Member> members_;
};

}  // namespace rpcforge::test
