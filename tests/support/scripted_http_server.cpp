#include "support/scripted_http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <thread>

namespace rpcforge::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct ScriptedHttpServer::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::atomic<bool> stopping{false};
    std::thread thread;
};

ScriptedHttpServer::ScriptedHttpServer(Script script) : impl_(std::make_unique<Impl>()) {
    impl_->thread = std::thread([this, script = std::move(script)] {
        for (;;) {
            boost::system::error_code ec;
            auto socket = impl_->acceptor.accept(ec);
            if (impl_->stopping) return;
            if (ec) continue;
            ++connections_;
            boost::beast::flat_buffer buffer;
            http::request<http::string_body> request;
            http::read(socket, buffer, request, ec);
            if (ec) continue;
            ++requests_;
            auto answer = script(request.body());
            if (!answer) continue;  // the socket closes as it goes
            http::response<http::string_body> response{http::status::ok, 11};
            response.set(http::field::content_type, "application/json");
            response.keep_alive(false);
            response.body() = *answer;
            response.prepare_payload();
            http::write(socket, response, ec);
        }
    });
}

ScriptedHttpServer::~ScriptedHttpServer() {
    impl_->stopping = true;
    // Wakes the accept up with a connection of our own.
    tcp::socket waker(impl_->io);
    boost::system::error_code ignored;
    waker.connect(impl_->acceptor.local_endpoint(), ignored);
    impl_->thread.join();
}

std::string ScriptedHttpServer::uri() const {
    return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/rpc";
}

}  // namespace rpcforge::test
