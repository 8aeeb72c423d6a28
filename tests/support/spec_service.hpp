#pragma once
// The methods the JSON-RPC 2.0 specification's examples call, plus a few for tests.

#include <rpcforge/dispatcher.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace rpcforge::test {

/// Notifications the service received, in order, as "method(params)".
class Received {
public:
    void add(std::string entry);
    std::vector<std::string> all() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> entries_;
};

/// subtract(minuend, subtrahend), sum(...), update(a..e), notify_hello(n), notify_sum(...),
/// get_data(), echo(value), add(a, b), sleep(ms) -> ms, fail(code, message),
/// throw_std(text), received() -> the notifications so far.
void register_spec_methods(Dispatcher& dispatcher, Received& received);

}  // namespace rpcforge::test
