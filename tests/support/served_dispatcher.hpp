#pragma once
// A dispatcher the test fills (methods, middleware, roles) before its server starts serving,
// on one endpoint; TLS endpoints get the test certificates and require client certificates.

#include "support/certificates.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <memory>
#include <string>

namespace rpcforge::test {

struct ServedDispatcher {
    Dispatcher dispatcher;
    std::unique_ptr<Server> server;
    std::string uri;

    void start(const std::string& listen_uri, ServerOptions options = {}) {
        if (Endpoint::parse(listen_uri).is_tls() && options.tls.certificate_file.empty()) options.tls = server_tls(true);
        server = std::make_unique<Server>(dispatcher, std::move(options));
        uri = server->listen(listen_uri);
        server->start();
    }
    /// A client of `uri`; over TLS it presents alice's certificate unless `options` say otherwise.
    std::unique_ptr<Client> client(ClientOptions options = {}) const {
        if (Endpoint::parse(uri).is_tls() && options.tls.ca_file.empty()) options.tls = client_tls(true);
        return std::make_unique<Client>(uri, std::move(options));
    }
    ~ServedDispatcher() {
        if (server) server->stop();
    }
};

}  // namespace rpcforge::test
