// HTTP Basic against an htpasswd file of bcrypt hashes, verified by libcrypt's crypt_rn (the
// system's implementation, not ours). An unknown user costs a hash too, against a hash made
// for the purpose, so the time of an answer does not say which users exist.

#include "auth/authorization_header.hpp"

#include <openssl/crypto.h>

#include <crypt.h>

#include <map>
#include <sstream>

namespace rpcforge {
namespace {

bool is_bcrypt(std::string_view hash) {
    return hash.size() == 60 && (hash.starts_with("$2y$") || hash.starts_with("$2b$") || hash.starts_with("$2a$"));
}

/// True when `password` hashes to `hash` under the hash's own salt and cost.
bool password_matches(const std::string& password, const std::string& hash) {
    auto scratch = std::make_unique<crypt_data>();
    const char* computed = crypt_rn(password.c_str(), hash.c_str(), scratch.get(), sizeof(crypt_data));
    if (computed == nullptr) return false;
    std::string_view result(computed);
    return result.size() == hash.size() && CRYPTO_memcmp(result.data(), hash.data(), hash.size()) == 0;
}

/// A bcrypt hash of nothing anyone knows, at the cost of the file's first hash.
std::string decoy_hash(const std::map<std::string, std::string, std::less<>>& users) {
    unsigned long cost = users.empty() ? 5 : std::stoul(users.begin()->second.substr(4, 2));
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$2y$", cost, nullptr, 0, salt, sizeof salt) == nullptr) return {};
    auto scratch = std::make_unique<crypt_data>();
    const char* hash = crypt_rn("rpcforge decoy", salt, scratch.get(), sizeof(crypt_data));
    return hash != nullptr ? std::string(hash) : std::string();
}

class HtpasswdBasic final : public Authenticator {
public:
    HtpasswdBasic(std::map<std::string, std::string, std::less<>> users, std::string realm)
        : users_(std::move(users)), decoy_(decoy_hash(users_)), realm_(std::move(realm)) {}

    Outcome authenticate(const Credentials& credentials) const override {
        auto encoded = detail::authorization_of(credentials, "Basic");
        if (!encoded) return {};
        auto decoded = detail::decode_base64(*encoded);
        auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) return {Verdict::refused, {}};
        auto user = decoded->substr(0, colon);
        auto password = decoded->substr(colon + 1);
        auto found = users_.find(user);
        bool matches = password_matches(password, found != users_.end() ? found->second : decoy_);
        if (found == users_.end() || !matches) return {Verdict::refused, {}};
        return {Verdict::accepted, Identity{user, "basic", {}}};
    }

    std::string challenge() const override { return "Basic realm=\"" + realm_ + "\", charset=\"UTF-8\""; }

private:
    std::map<std::string, std::string, std::less<>> users_;
    std::string decoy_;
    std::string realm_;
};

}  // namespace

std::shared_ptr<Authenticator> htpasswd_basic(const std::filesystem::path& file, std::string realm) {
    if (realm.find_first_of("\"\\\r\n") != std::string::npos)
        throw std::invalid_argument("htpasswd_basic: the realm must not contain quotes, backslashes or line ends");
    std::istringstream lines(detail::read_table(file));
    std::map<std::string, std::string, std::less<>> users;
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0) detail::table_error(file, number, "expected USER:HASH");
        auto hash = line.substr(colon + 1);
        if (!is_bcrypt(hash))
            detail::table_error(file, number, "only bcrypt hashes are accepted (make them with htpasswd -B)");
        users[line.substr(0, colon)] = hash;
    }
    return std::make_shared<HtpasswdBasic>(std::move(users), std::move(realm));
}

}  // namespace rpcforge
