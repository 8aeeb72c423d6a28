#include "support/certificates.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace rpcforge::test {
namespace {

void run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0)
        throw std::runtime_error("certificates: this failed: " + command);
}

/// A key and a certificate signing request for `subject`, then the certificate signed by
/// `ca` (or self-signed as a CA when `ca` is empty).
void make_certificate(const std::string& folder, const std::string& name, const std::string& subject,
                      const std::string& ca, const std::string& extensions) {
    auto base = folder + "/" + name;
    if (ca.empty()) {
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '" + subject +
            "' -keyout " + base + ".key -out " + base + ".crt -addext basicConstraints=critical,CA:TRUE"
            " -addext keyUsage=critical,keyCertSign,cRLSign");
        return;
    }
    std::ofstream(base + ".ext") << extensions << "\n";
    run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj '" + subject + "' -keyout " +
        base + ".key -out " + base + ".csr");
    run("openssl x509 -req -in " + base + ".csr -CA " + folder + "/" + ca + ".crt -CAkey " + folder + "/" + ca +
        ".key -CAcreateserial -days 2 -extfile " + base + ".ext -out " + base + ".crt");
}

Certificates make_all() {
    auto folder = (std::filesystem::temp_directory_path() / ("rpcforge-certs-" + std::to_string(getpid()))).string();
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    make_certificate(folder, "ca", "/CN=rpcforge test CA", "", "");
    make_certificate(folder, "rogue-ca", "/CN=rogue CA", "", "");
    make_certificate(folder, "server", "/CN=localhost", "ca",
                     "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth");
    make_certificate(folder, "client", "/O=rpcforge tests/CN=alice", "ca",
                     "extendedKeyUsage=clientAuth\nsubjectAltName=email:alice@rpcforge.test,URI:spiffe://rpcforge.test/alice");
    make_certificate(folder, "rogue", "/CN=mallory", "rogue-ca", "extendedKeyUsage=clientAuth");
    auto at = [&](const std::string& file) { return folder + "/" + file; };
    return {folder,           at("ca.crt"),    at("server.crt"), at("server.key"), at("client.crt"),
            at("client.key"), at("rogue.crt"), at("rogue.key")};
}

}  // namespace

const Certificates& certificates() {
    // Made once per process; the folder goes when the process ends.
    struct Owned {
        Certificates files = make_all();
        ~Owned() {
            std::error_code ignored;
            std::filesystem::remove_all(files.folder, ignored);
        }
    };
    static const Owned made;
    return made.files;
}

TlsServerOptions server_tls(bool require_client_certificate) {
    const auto& files = certificates();
    TlsServerOptions options;
    options.certificate_file = files.server_cert;
    options.private_key_file = files.server_key;
    options.ca_file = files.ca;
    options.require_client_certificate = require_client_certificate;
    return options;
}

TlsClientOptions client_tls(bool with_client_certificate) {
    const auto& files = certificates();
    TlsClientOptions options;
    options.ca_file = files.ca;
    if (with_client_certificate) {
        options.certificate_file = files.client_cert;
        options.private_key_file = files.client_key;
    }
    return options;
}

}  // namespace rpcforge::test
