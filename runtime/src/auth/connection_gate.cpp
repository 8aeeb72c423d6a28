#include "auth/connection_gate.hpp"

namespace rpcforge::detail {

void authenticate_connection(const Authentication& authentication, ConnectionInfo& info) {
    auto result = authentication.authenticate(Credentials{info, nullptr});
    if (result.refused) info.authentication_refused = result.reason;
    info.identity = std::move(result.identity);
}

void add_challenges(const Authentication* authentication, unsigned& status, Headers& headers) {
    if (status != 401) return;
    auto challenges = authentication != nullptr ? authentication->challenges() : std::vector<std::string>{};
    if (challenges.empty()) status = 403;
    for (auto& challenge : challenges) headers.add("WWW-Authenticate", std::move(challenge));
}

}  // namespace rpcforge::detail
