#include <rpcforge/auth.hpp>

#include <stdexcept>

namespace rpcforge {

Authentication& Authentication::add(std::shared_ptr<const Authenticator> authenticator) {
    if (!authenticator) throw std::invalid_argument("Authentication::add: null authenticator");
    authenticators_.push_back(std::move(authenticator));
    return *this;
}

Authentication& Authentication::grant(const std::string& identity_name, std::vector<std::string> roles) {
    auto& granted = roles_[identity_name];
    granted.insert(granted.end(), roles.begin(), roles.end());
    return *this;
}

Authentication& Authentication::allow_anonymous(bool allow) {
    allow_anonymous_ = allow;
    return *this;
}

Authentication::Result Authentication::authenticate(const Credentials& credentials) const {
    bool presented_wrong = false;
    for (const auto& authenticator : authenticators_) {
        auto outcome = authenticator->authenticate(credentials);
        if (outcome.verdict == Authenticator::Verdict::refused) presented_wrong = true;
        if (outcome.verdict != Authenticator::Verdict::accepted) continue;
        if (auto granted = roles_.find(outcome.identity.name); granted != roles_.end())
            outcome.identity.roles.insert(outcome.identity.roles.end(), granted->second.begin(), granted->second.end());
        accepted_.fetch_add(1, std::memory_order_relaxed);
        return {std::make_shared<const Identity>(std::move(outcome.identity)), false, {}};
    }
    // The same words whatever was wrong: which tokens, users or certificates exist stays unsaid.
    if (presented_wrong) {
        failed_.fetch_add(1, std::memory_order_relaxed);
        return {nullptr, true, "Unauthenticated: the credentials presented were not accepted"};
    }
    if (allow_anonymous_) return {};
    missing_.fetch_add(1, std::memory_order_relaxed);
    return {nullptr, true, "Unauthenticated: credentials are required"};
}

std::vector<std::string> Authentication::challenges() const {
    std::vector<std::string> out;
    for (const auto& authenticator : authenticators_)
        if (auto challenge = authenticator->challenge(); !challenge.empty()) out.push_back(std::move(challenge));
    return out;
}

}  // namespace rpcforge
