#include "transport/tls/tls.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>

#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <stdexcept>

namespace rpcforge::detail {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

[[noreturn]] void cannot_use(const std::string& what, const std::string& file, const boost::system::error_code& ec) {
    throw std::invalid_argument("TLS: cannot use " + what + " '" + file + "': " + ec.message());
}

std::shared_ptr<ssl::context> make_context(ssl::context::method method) {
    auto context = std::make_shared<ssl::context>(method);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    // Renegotiation (TLS 1.2 only) has a history of attacks and a cost a client can make the
    // server pay again and again; nothing rpcforge does needs it.
    SSL_CTX_set_options(context->native_handle(), SSL_OP_NO_RENEGOTIATION);
    return context;
}

void use_identity(ssl::context& context, const std::string& certificate, const std::string& key) {
    boost::system::error_code ec;
    context.use_certificate_chain_file(certificate, ec);
    if (ec) cannot_use("certificate", certificate, ec);
    context.use_private_key_file(key, ssl::context::pem, ec);
    if (ec) cannot_use("private key", key, ec);
    if (SSL_CTX_check_private_key(context.native_handle()) != 1)
        throw std::invalid_argument("TLS: the private key '" + key + "' does not match the certificate '" + certificate + "'");
}

void trust(ssl::context& context, const std::string& ca_file) {
    boost::system::error_code ec;
    context.load_verify_file(ca_file, ec);
    if (ec) cannot_use("CA file", ca_file, ec);
}

}  // namespace

std::shared_ptr<ssl::context> make_server_tls(const TlsServerOptions& options) {
    if (options.certificate_file.empty() || options.private_key_file.empty())
        throw std::invalid_argument("TLS: a server needs a certificate and a private key (TlsServerOptions)");
    auto context = make_context(ssl::context::tls_server);
    use_identity(*context, options.certificate_file, options.private_key_file);
    if (options.require_client_certificate) {
        if (options.ca_file.empty())
            throw std::invalid_argument("TLS: requiring client certificates needs a CA file to verify them against");
        trust(*context, options.ca_file);
        context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
    return context;
}

std::shared_ptr<ssl::context> make_client_tls(const TlsClientOptions& options) {
    auto context = make_context(ssl::context::tls_client);
    if (!options.certificate_file.empty() || !options.private_key_file.empty())
        use_identity(*context, options.certificate_file, options.private_key_file);
    if (!options.verify_server) return context;
    if (options.ca_file.empty())
        context->set_default_verify_paths();
    else
        trust(*context, options.ca_file);
    context->set_verify_mode(ssl::verify_peer);
    return context;
}

std::string verified_peer_subject(SSL* ssl) {
    if (SSL_get_verify_result(ssl) != X509_V_OK) return {};
    X509* certificate = SSL_get1_peer_certificate(ssl);
    if (certificate == nullptr) return {};
    std::string subject;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
        char* text = nullptr;
        long length = BIO_get_mem_data(bio, &text);
        if (length > 0) subject.assign(text, static_cast<std::size_t>(length));
        BIO_free(bio);
    }
    X509_free(certificate);
    return subject;
}

namespace {

/// One subject alternative name as OpenSSL's own text form spells it ("DNS:host"); empty for
/// kinds an allow-list has no use for.
std::string name_text(const GENERAL_NAME& name) {
    auto text_of = [](const ASN1_IA5STRING* text) {
        return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                           static_cast<std::size_t>(ASN1_STRING_length(text)));
    };
    switch (name.type) {
        case GEN_DNS: return "DNS:" + text_of(name.d.dNSName);
        case GEN_EMAIL: return "email:" + text_of(name.d.rfc822Name);
        case GEN_URI: return "URI:" + text_of(name.d.uniformResourceIdentifier);
        case GEN_IPADD: {
            // 4 bytes for IPv4, 16 for IPv6, in network order.
            const auto length = ASN1_STRING_length(name.d.iPAddress);
            if (length != 4 && length != 16) return {};
            char text[INET6_ADDRSTRLEN] = {};
            if (inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(name.d.iPAddress), text, sizeof text) ==
                nullptr)
                return {};
            return std::string("IP:") + text;
        }
        default: return {};
    }
}

}  // namespace

std::vector<std::string> verified_peer_names(SSL* ssl) {
    std::vector<std::string> out;
    if (SSL_get_verify_result(ssl) != X509_V_OK) return out;
    X509* certificate = SSL_get1_peer_certificate(ssl);
    if (certificate == nullptr) return out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i)
        if (auto text = name_text(*sk_GENERAL_NAME_value(names, i)); !text.empty()) out.push_back(std::move(text));
    GENERAL_NAMES_free(names);
    X509_free(certificate);
    return out;
}

std::shared_ptr<ConnectionInfo> tls_connection_info(TlsStream& stream, std::string scheme, std::string remote) {
    auto info = std::make_shared<ConnectionInfo>();
    info->transport = std::move(scheme);
    info->remote_address = std::move(remote);
    info->tls_peer_subject = verified_peer_subject(stream.native_handle());
    if (!info->tls_peer_subject.empty()) info->tls_peer_names = verified_peer_names(stream.native_handle());
    return info;
}

namespace {

/// The server side of one handshake, bounded by a timer. Both run on the socket's strand.
class ServerHandshake final : public std::enable_shared_from_this<ServerHandshake> {
public:
    ServerHandshake(tcp::socket socket, const StreamSettings& settings, std::string scheme, TlsHandOver hand_over)
        : stream_(std::move(socket), *settings.tls), timer_(stream_.get_executor()),
          timeout_(settings.handshake_timeout), scheme_(std::move(scheme)), hand_over_(std::move(hand_over)) {}

    void start() {
        boost::system::error_code ec;
        auto remote = stream_.next_layer().remote_endpoint(ec);
        remote_ = ec ? scheme_ + "://?" : describe(scheme_, remote.address(), remote.port());
        timer_.expires_after(timeout_);
        timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec && !self->done_) self->stream_.next_layer().close(ec);
        });
        stream_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](boost::system::error_code ec) {
            self->done_ = true;
            self->timer_.cancel();
            // A refused certificate or a client that gave up concerns that client only.
            if (ec) return;
            auto info = tls_connection_info(self->stream_, self->scheme_, self->remote_);
            self->hand_over_(std::move(self->stream_), std::move(info));
        });
    }

private:
    TlsStream stream_;
    asio::steady_timer timer_;
    std::chrono::milliseconds timeout_;
    std::string scheme_;
    TlsHandOver hand_over_;
    std::string remote_;
    bool done_ = false;
};

}  // namespace

void accept_tls(tcp::socket socket, const StreamSettings& settings, std::string scheme, TlsHandOver hand_over) {
    std::make_shared<ServerHandshake>(std::move(socket), settings, std::move(scheme), std::move(hand_over))->start();
}

TlsStream client_tls_stream(tcp::socket socket, const Endpoint& endpoint, ssl::context& context) {
    TlsStream stream(std::move(socket), context);
    // SNI, and the name the server's certificate must carry (an IP address is checked as one).
    SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
    stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
    return stream;
}

}  // namespace rpcforge::detail
