#pragma once
/// Authentication: who a client is, proved by a bearer token, an HTTP Basic password, a
/// client certificate or the uid of a Unix socket's peer; and the roles each identity has.
/// The server runs it where the transport can still say no with its own means (HTTP 401
/// before the body is dispatched, the WebSocket upgrade, a stream connection when accepted).
/// Per-method roles are checked by the Dispatcher (Dispatcher::require_roles). See
/// docs/security.md.

#include <rpcforge/context.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rpcforge {

/// What a client presented: its connection's facts and, over HTTP and WebSocket, the request
/// (the POST, or the upgrade).
struct Credentials {
    const ConnectionInfo& connection;
    /// Null for stream transports (tcp, unix, tls).
    const HttpRequestInfo* http = nullptr;
};

/// One way of proving who one is.
class Authenticator {
public:
    enum class Verdict {
        absent,    ///< nothing of this kind was presented
        refused,   ///< it was presented and is wrong (a failed attempt)
        accepted,  ///< `identity` is who it proves
    };
    struct Outcome {
        Verdict verdict = Verdict::absent;
        Identity identity{};
    };

    virtual ~Authenticator() = default;
    /// Called from I/O threads, for many connections at once.
    virtual Outcome authenticate(const Credentials& credentials) const = 0;
    /// The WWW-Authenticate challenge an HTTP 401 carries for this scheme; empty when the
    /// scheme is not one of HTTP's (TLS, Unix).
    virtual std::string challenge() const { return {}; }
};

/// HTTP `Authorization: Bearer TOKEN` (on a POST, or on the WebSocket upgrade), checked
/// against `file`: one `TOKEN NAME [ROLE...]` per line, `#` starts a comment. Tokens are kept
/// as SHA-256 digests and compared in constant time. Throws std::invalid_argument naming the
/// file and line for a malformed file, std::system_error when it cannot be read.
std::shared_ptr<Authenticator> bearer_tokens(const std::filesystem::path& file);

/// HTTP Basic against an htpasswd file of bcrypt hashes (`htpasswd -B`), checked by the
/// system's crypt(3); other hash kinds are refused when the file is read. Each check costs
/// what the hash's cost factor says (htpasswd's default, 5: a few milliseconds).
std::shared_ptr<Authenticator> htpasswd_basic(const std::filesystem::path& file, std::string realm = "rpcforge");

/// Mutual TLS: accepts a verified client certificate whose subject ("CN=alice,O=Example",
/// as CallContext::tls_peer_subject() spells it) or one of whose subject alternative names
/// ("DNS:host", "email:a@b", "URI:spiffe://...", "IP:10.0.0.1") is in `allowed`; refuses
/// others. The TLS endpoint must require client certificates (TlsServerOptions).
std::shared_ptr<Authenticator> tls_allow_list(std::vector<std::string> allowed);

/// unix:// connections: accepts a peer whose uid is in `uids` or whose gid is in `gids` (as
/// the kernel reports them, SO_PEERCRED); the identity is "uid:N".
std::shared_ptr<Authenticator> unix_peer_allow_list(std::vector<unsigned> uids, std::vector<unsigned> gids = {});

/// The authenticators a server tries, the roles of identities, and the count of failures.
/// Give it to ServerOptions::authentication; keep a pointer to read the counts.
class Authentication {
public:
    /// Tried in the order added: the first that accepts decides.
    Authentication& add(std::shared_ptr<const Authenticator> authenticator);
    /// Gives `identity_name` these roles (besides any its authenticator gave it).
    Authentication& grant(const std::string& identity_name, std::vector<std::string> roles);
    /// Lets clients that present no credentials at all in, without an identity (methods that
    /// require roles still refuse them). Off by default: no credentials, no call.
    Authentication& allow_anonymous(bool allow = true);

    struct Result {
        /// Null: anonymous (when allowed) or refused.
        std::shared_ptr<const Identity> identity;
        bool refused = false;
        /// Why, in words fit for the client (nothing about what exists).
        std::string reason;
    };
    /// Runs the authenticators; counts the outcome.
    Result authenticate(const Credentials& credentials) const;
    /// The challenges of the HTTP schemes among the authenticators, for WWW-Authenticate.
    std::vector<std::string> challenges() const;

    /// Credentials presented and refused (wrong token, password, certificate or uid).
    std::uint64_t failed_attempts() const { return failed_.load(std::memory_order_relaxed); }
    /// Clients refused because they presented nothing acceptable at all.
    std::uint64_t missing_credentials() const { return missing_.load(std::memory_order_relaxed); }
    std::uint64_t accepted() const { return accepted_.load(std::memory_order_relaxed); }

private:
    std::vector<std::shared_ptr<const Authenticator>> authenticators_;
    std::map<std::string, std::vector<std::string>, std::less<>> roles_;
    bool allow_anonymous_ = false;
    mutable std::atomic<std::uint64_t> failed_{0};
    mutable std::atomic<std::uint64_t> missing_{0};
    mutable std::atomic<std::uint64_t> accepted_{0};
};

}  // namespace rpcforge
