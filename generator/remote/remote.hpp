#pragma once
// `rpcforge list` and `rpcforge call`: a running server, from a shell, over any endpoint the
// runtime's client reaches (TLS and credentials included). docs/remote.md.

#include <iosfwd>
#include <string>
#include <vector>

namespace rpcforge::remote {

/// Where the server is, and how to reach it.
struct ServerAddress {
    std::string url;  ///< tcp://, unix://, tls://, http(s)://, ws(s)://
    std::string bearer_token;
    std::string basic;  ///< "user:password", HTTP Basic
    std::string tls_ca;
    std::string tls_certificate;
    std::string tls_key;
    bool tls_insecure = false;  ///< do not check the server's certificate
    double timeout_seconds = 30;
};

/// One call or notification.
struct Invocation {
    std::string method;
    std::vector<std::string> arguments;  ///< `name=value` or positional words (call_arguments.hpp)
    std::string params_json;             ///< the params as JSON text, instead of arguments
    bool notification = false;
};

struct CallCommand {
    std::vector<Invocation> invocations;  ///< more than one: sent as one batch
    bool check = true;                    ///< against the server's rpc.discover, before sending
    bool compact = false;                 ///< answers on one line each
};

/// What the commands exit with, for scripts.
enum Exit { answered = 0, error_answered = 1, failed = 2 };

/// Prints the methods of the server's rpc.discover with their signatures and docs.
int list(const ServerAddress& address, std::ostream& out, std::ostream& err);

/// Sends the calls; prints each result (or "error CODE: message") in order.
int call(const ServerAddress& address, const CallCommand& command, std::ostream& out, std::ostream& err);

/// Reads invocations from JSON lines: {"method": "add", "params": [1, 2]}, with
/// "notification": true for one that wants no answer. Throws ArgumentError naming the line.
std::vector<Invocation> read_batch(std::istream& in);

}  // namespace rpcforge::remote
