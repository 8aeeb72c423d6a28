// Authenticators that look only at what the connection proved on its own: a verified client
// certificate (mutual TLS) or the uid and gid of a Unix socket's peer.

#include <rpcforge/auth.hpp>

#include <algorithm>

namespace rpcforge {
namespace {

template <class T>
bool contains(const std::vector<T>& items, const T& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

class TlsAllowList final : public Authenticator {
public:
    explicit TlsAllowList(std::vector<std::string> allowed) : allowed_(std::move(allowed)) {}

    Outcome authenticate(const Credentials& credentials) const override {
        const auto& connection = credentials.connection;
        // Empty unless the certificate was verified against the server's CA.
        if (connection.tls_peer_subject.empty()) return {};
        if (contains(allowed_, connection.tls_peer_subject))
            return {Verdict::accepted, Identity{connection.tls_peer_subject, "tls", {}}};
        for (const auto& name : connection.tls_peer_names)
            if (contains(allowed_, name)) return {Verdict::accepted, Identity{name, "tls", {}}};
        return {Verdict::refused, {}};
    }

private:
    std::vector<std::string> allowed_;
};

class UnixPeerAllowList final : public Authenticator {
public:
    UnixPeerAllowList(std::vector<unsigned> uids, std::vector<unsigned> gids)
        : uids_(std::move(uids)), gids_(std::move(gids)) {}

    Outcome authenticate(const Credentials& credentials) const override {
        const auto& peer = credentials.connection.unix_peer;
        if (!peer) return {};
        if (!contains(uids_, peer->uid) && !contains(gids_, peer->gid)) return {Verdict::refused, {}};
        return {Verdict::accepted, Identity{"uid:" + std::to_string(peer->uid), "unix", {}}};
    }

private:
    std::vector<unsigned> uids_;
    std::vector<unsigned> gids_;
};

}  // namespace

std::shared_ptr<Authenticator> tls_allow_list(std::vector<std::string> allowed) {
    return std::make_shared<TlsAllowList>(std::move(allowed));
}

std::shared_ptr<Authenticator> unix_peer_allow_list(std::vector<unsigned> uids, std::vector<unsigned> gids) {
    return std::make_shared<UnixPeerAllowList>(std::move(uids), std::move(gids));
}

}  // namespace rpcforge
