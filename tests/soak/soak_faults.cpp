#include "soak/soak_faults.hpp"

#include "support/certificates.hpp"
#include "support/http_probe.hpp"
#include "support/raw_stream.hpp"
#include "transport/tls/tls.hpp"

#include <rpcforge/endpoint.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <csignal>

namespace rpcforge::soak {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

const std::string half_request = R"({"jsonrpc":"2.0","method":"echo","params":["cut o)";

std::string tcp_uri_of(const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    return "tcp://" + endpoint.host + ":" + std::to_string(endpoint.port);
}

tcp::socket connected(asio::io_context& io, const std::string& uri) {
    auto endpoint = Endpoint::parse(uri);
    tcp::socket socket(io);
    asio::connect(socket, tcp::resolver(io).resolve(endpoint.host, std::to_string(endpoint.port)));
    return socket;
}

void half_over_tls(const std::string& uri) {
    static auto context = detail::make_client_tls(test::client_tls());
    asio::io_context io;
    asio::ssl::stream<tcp::socket> stream(connected(io, uri), *context);
    stream.handshake(asio::ssl::stream_base::client);
    asio::write(stream, asio::buffer(half_request));
    // Gone without a close_notify, as a crashed client goes.
}

void half_over_websocket(const std::string& uri) {
    asio::io_context io;
    boost::beast::websocket::stream<tcp::socket> ws(connected(io, uri));
    auto endpoint = Endpoint::parse(uri);
    ws.handshake(endpoint.host, endpoint.path);
    ws.write_some(false, asio::buffer(half_request));  // a frame without FIN: the message goes on
}

void half_over_http(const std::string& uri) {
    auto path = Endpoint::parse(uri).path;
    auto request = test::HttpProbe::post(path, half_request + R"(" ], "id": 1})");
    test::HttpProbe probe(uri);
    probe.write(request.substr(0, request.size() - 10));
}

void calls_then_gone(const std::string& uri) {
    test::RawStream stream(uri);
    for (int id = 1; id <= 20; ++id)
        stream.send(json{{"jsonrpc", "2.0"}, {"method", "echo"}, {"params", {std::string(4096, 'g')}}, {"id", id}}.dump());
}

}  // namespace

std::string disconnect_midway(const ServerUris& uris, std::size_t turn) {
    switch (turn % 7) {
    case 0: test::RawStream(uris.tcp).write_raw(half_request); return "tcp half message";
    case 1: half_over_tls(uris.tls); return "tls half message";
    case 2: half_over_http(uris.http); return "http half body";
    case 3: half_over_websocket(uris.ws); return "ws half frame";
    // A TLS record header that announces 512 bytes, and one byte of them.
    case 4: test::RawStream(tcp_uri_of(uris.tls)).write_raw(std::string("\x16\x03\x01\x02\x00\x01", 6)); return "tls half handshake";
    case 5: test::RawStream(tcp_uri_of(uris.ws)).write_raw("GET /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web"); return "ws half upgrade";
    default: calls_then_gone(uris.tcp); return "tcp calls then gone";
    }
}

int kill_pool_worker(Client& status, std::size_t turn) {
    auto pids = status.call("soak.status").at("pool_pids");
    if (pids.empty()) return 0;
    int pid = pids.at(turn % pids.size()).get<int>();
    return ::kill(pid, SIGKILL) == 0 ? pid : 0;
}

void install_module(const std::filesystem::path& build, const std::filesystem::path& live) {
    std::filesystem::path next = live.string() + ".next";
    std::filesystem::copy_file(build, next, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(next, live);
}

}  // namespace rpcforge::soak
