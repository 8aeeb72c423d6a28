#pragma once
/// etcd's HTTP/JSON gateway (the grpc-gateway every etcd v3 server serves on its client port):
/// POST /v3/... with a JSON body, one JSON answer; /v3/watch answers with a stream of them.
/// Keys, values and range ends travel in base64; 64-bit numbers as strings.

#include <rpcforge/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace rpcforge::discovery {

std::string base64_encode(std::string_view bytes);
/// Throws std::invalid_argument for text that is not base64.
std::string base64_decode(std::string_view text);

class EtcdGateway {
public:
    /// `stores` are "host:port"; `store_uri` names them in messages.
    EtcdGateway(std::vector<std::string> stores, std::string store_uri, std::chrono::milliseconds timeout);

    /// POSTs `body` to `path` on the store that answered last, else on the others in turn.
    /// Throws DiscoveryError naming every store and why it failed.
    json post(const std::string& path, const json& body);

    /// Reads the answers of a streaming POST (a watch) one JSON object at a time, passing each
    /// to `on_answer`, until `on_answer` returns false, the stream ends, or `stop()` is true
    /// (checked at least every `poll`). Throws DiscoveryError when no store takes the stream.
    void stream(const std::string& path, const json& body, const std::function<bool(const json&)>& on_answer,
                const std::function<bool()>& stop, std::chrono::milliseconds poll);

    const std::string& store_uri() const { return store_uri_; }

private:
    /// The stores to try, the one that answered last first.
    std::vector<std::size_t> order() const;
    void answered_by(std::size_t store);

    std::vector<std::string> stores_;
    std::string store_uri_;
    std::chrono::milliseconds timeout_;
    mutable std::mutex mutex_;
    std::size_t preferred_ = 0;
};

}  // namespace rpcforge::discovery
