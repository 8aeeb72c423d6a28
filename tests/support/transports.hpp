#pragma once
// A server with the specification's methods, on any transport, for tests that must hold
// on every transport alike.

#include "support/raw_stream.hpp"
#include "support/spec_service.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <vector>

namespace rpcforge::test {

enum class Transport { memory, tcp4, tcp6, unix_socket, tcp4_content_length, unix_json_stream, tls4, http4, https4 };

std::string name_of(Transport transport);
/// Every transport that carries messages both ways, for parameterised tests.
std::vector<Transport> all_transports();
/// HTTP and HTTPS: the client calls, the server only answers.
std::vector<Transport> http_transports();
/// A fresh socket path in the temporary directory.
std::string temp_socket_path();

/// Over TLS the server has the test certificates (certificates.hpp) unless `options` gives
/// others, and clients trust the test CA unless theirs say otherwise.
class TestServer {
public:
    explicit TestServer(Transport transport, ServerOptions options = {});
    ~TestServer();

    std::unique_ptr<Client> client(ClientOptions options = {});
    std::unique_ptr<RawChannel> raw();
    /// The URI the server listens on ("" in memory).
    const std::string& uri() const { return uri_; }
    Server& server() { return *server_; }
    Dispatcher& dispatcher() { return dispatcher_; }
    Received& received() { return received_; }

private:
    Transport transport_;
    Received received_;
    Dispatcher dispatcher_;
    std::unique_ptr<Server> server_;
    std::string uri_;
    std::shared_ptr<boost::asio::ssl::context> raw_tls_;  // for raw() over TLS
};

}  // namespace rpcforge::test
