#pragma once
// A bare HTTP/1.1 server for tests of HTTP clients: it answers each POST as a script says and
// closes the connection after every response ("Connection: close"), or without answering.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace rpcforge::test {

class ScriptedHttpServer {
public:
    /// The body of the answer to a request's body; nothing closes the connection unanswered.
    using Script = std::function<std::optional<std::string>(const std::string& body)>;

    /// Listens on 127.0.0.1 (a free port) and serves on a thread of its own.
    explicit ScriptedHttpServer(Script script);
    ~ScriptedHttpServer();

    /// "http://127.0.0.1:PORT/rpc".
    std::string uri() const;
    /// Connections accepted and requests read so far.
    int connections() const { return connections_; }
    int requests() const { return requests_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::atomic<int> connections_{0};
    std::atomic<int> requests_{0};
};

}  // namespace rpcforge::test
