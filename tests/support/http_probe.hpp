#pragma once
// A raw HTTP/1.1 connection for tests: writes requests byte for byte and reads responses
// as they come, so status lines, headers, pipelining and closes can be checked exactly.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rpcforge::test {

struct HttpReply {
    unsigned status = 0;
    unsigned version = 11;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  ///< as sent (still compressed when it was)
    bool keep_alive = true;

    /// The first value of a header (name case-insensitive), "" when absent.
    std::string header(const std::string& name) const;
    /// How many times the header appears.
    std::size_t count(const std::string& name) const;
};

class HttpProbe {
public:
    /// Connects to the host and port of an http:// URI.
    explicit HttpProbe(const std::string& uri);
    ~HttpProbe();

    /// Writes what the server takes; a server that closed early is seen by read().
    void write(const std::string& bytes);
    /// The next response; nothing when none came in time or the server closed. A response
    /// to HEAD has no body whatever its Content-Length says: say so with `to_head`.
    std::optional<HttpReply> read(std::chrono::milliseconds timeout = std::chrono::seconds(5), bool to_head = false);
    /// True when the server closed within the timeout.
    bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    /// One POST with the given body and extra header lines ("Name: value\r\n" each).
    static std::string post(const std::string& path, const std::string& body, const std::string& extra_headers = "",
                            const std::string& content_type = "application/json");

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rpcforge::test
