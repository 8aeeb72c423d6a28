// Bearer tokens from a file, kept as SHA-256 digests: comparing equal-length digests with
// CRYPTO_memcmp, over every entry without stopping at a match, tells a timing observer
// neither how much of a token matched nor how long the real ones are.

#include "auth/authorization_header.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <sstream>

namespace rpcforge {
namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest digest_of(std::string_view text) {
    Digest digest{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return digest;
}

class BearerTokens final : public Authenticator {
public:
    struct Entry {
        Digest digest;
        Identity identity;
    };
    explicit BearerTokens(std::vector<Entry> entries) : entries_(std::move(entries)) {}

    Outcome authenticate(const Credentials& credentials) const override {
        auto token = detail::authorization_of(credentials, "Bearer");
        if (!token) return {};
        auto presented = digest_of(*token);
        const Entry* match = nullptr;
        for (const auto& entry : entries_)
            if (CRYPTO_memcmp(entry.digest.data(), presented.data(), presented.size()) == 0) match = &entry;
        if (match == nullptr || token->empty()) return {Verdict::refused, {}};
        return {Verdict::accepted, match->identity};
    }

    std::string challenge() const override { return "Bearer realm=\"rpcforge\""; }

private:
    std::vector<Entry> entries_;
};

}  // namespace

std::shared_ptr<Authenticator> bearer_tokens(const std::filesystem::path& file) {
    std::istringstream lines(detail::read_table(file));
    std::vector<BearerTokens::Entry> entries;
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string token, name, role;
        if (!(words >> token)) continue;  // blank or a comment
        if (!(words >> name)) detail::table_error(file, number, "expected TOKEN NAME [ROLE...]");
        Identity identity{name, "bearer", {}};
        while (words >> role) identity.roles.push_back(role);
        entries.push_back({digest_of(token), std::move(identity)});
    }
    return std::make_shared<BearerTokens>(std::move(entries));
}

}  // namespace rpcforge
