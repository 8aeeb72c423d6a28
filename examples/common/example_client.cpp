#include "example_client.hpp"

namespace rpcforge::examples {

void add_client_tls_options(CLI::App& app, TlsClientOptions& tls) {
    app.add_option("--tls-ca", tls.ca_file, "PEM CA file the server's certificate is checked against");
    app.add_option("--tls-cert", tls.certificate_file, "PEM certificate, for servers that ask for one");
    app.add_option("--tls-key", tls.private_key_file, "PEM private key of --tls-cert");
}

}  // namespace rpcforge::examples
