#include "support/transports.hpp"

#include "support/certificates.hpp"
#include "transport/socket/socket_transport.hpp"
#include "transport/tls/tls.hpp"

#include <atomic>
#include <filesystem>
#include <unistd.h>

namespace rpcforge::test {

std::string name_of(Transport transport) {
    switch (transport) {
        case Transport::memory: return "memory";
        case Transport::tcp4: return "tcp4";
        case Transport::tcp6: return "tcp6";
        case Transport::unix_socket: return "unix";
        case Transport::tcp4_content_length: return "tcp4_content_length";
        case Transport::unix_json_stream: return "unix_json_stream";
        case Transport::tls4: return "tls4";
        case Transport::http4: return "http4";
        case Transport::https4: return "https4";
        case Transport::ws4: return "ws4";
        case Transport::wss4: return "wss4";
    }
    return "?";
}

std::vector<Transport> all_transports() {
    return {Transport::memory, Transport::tcp4, Transport::tcp6, Transport::unix_socket,
            Transport::tcp4_content_length, Transport::unix_json_stream, Transport::tls4, Transport::ws4, Transport::wss4};
}

std::vector<Transport> http_transports() { return {Transport::http4, Transport::https4}; }

std::string temp_socket_path() {
    static std::atomic<int> counter{0};
    return (std::filesystem::temp_directory_path() /
            ("rpcforge-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".sock"))
        .string();
}

namespace {

std::string listen_uri(Transport transport) {
    switch (transport) {
        case Transport::memory: return "";
        case Transport::tcp4: return "tcp://127.0.0.1:0";
        case Transport::tcp6: return "tcp://[::1]:0";
        case Transport::unix_socket: return "unix://" + temp_socket_path();
        case Transport::tcp4_content_length: return "tcp://127.0.0.1:0?framing=content-length";
        case Transport::unix_json_stream: return "unix://" + temp_socket_path() + "?framing=json";
        case Transport::tls4: return "tls://127.0.0.1:0";
        case Transport::http4: return "http://127.0.0.1:0/rpc";
        case Transport::https4: return "https://127.0.0.1:0/rpc";
        case Transport::ws4: return "ws://127.0.0.1:0/rpc";
        case Transport::wss4: return "wss://127.0.0.1:0/rpc";
    }
    return "";
}

bool uses_tls(Transport transport) {
    return transport == Transport::tls4 || transport == Transport::https4 || transport == Transport::wss4;
}

bool uses_raw_connection(Transport transport) {
    return uses_tls(transport) || transport == Transport::http4 || transport == Transport::ws4;
}

}  // namespace

TestServer::TestServer(Transport transport, ServerOptions options) : transport_(transport) {
    register_spec_methods(dispatcher_, received_);
    if (uses_tls(transport) && options.tls.certificate_file.empty()) {
        auto require_client_certificate = options.tls.require_client_certificate;
        options.tls = server_tls(require_client_certificate);
    }
    server_ = std::make_unique<Server>(dispatcher_, std::move(options));
    if (auto uri = listen_uri(transport); !uri.empty()) uri_ = server_->listen(uri);
    server_->start();
}

TestServer::~TestServer() { server_->stop(); }

std::unique_ptr<Client> TestServer::client(ClientOptions options) {
    if (transport_ == Transport::memory) return std::make_unique<Client>(*server_, std::move(options));
    if (uses_tls(transport_) && options.tls.ca_file.empty()) options.tls = client_tls();
    return std::make_unique<Client>(uri_, std::move(options));
}

std::unique_ptr<RawChannel> TestServer::raw() {
    if (transport_ == Transport::memory)
        return std::make_unique<RawConnection>(
            [this](boost::asio::io_context& io) { return server_->connect_in_memory(io.get_executor()); });
    if (uses_raw_connection(transport_)) {
        if (!raw_tls_ && uses_tls(transport_)) raw_tls_ = detail::make_client_tls(client_tls());
        return std::make_unique<RawConnection>([this](boost::asio::io_context& io) {
            detail::StreamSettings settings;
            settings.limits.max_message_bytes = 1u << 30;  // to see whatever the server sends
            settings.tls = raw_tls_;
            return detail::connect(io, Endpoint::parse(uri_), settings, 5s);
        });
    }
    return std::make_unique<RawStream>(uri_);
}

}  // namespace rpcforge::test
