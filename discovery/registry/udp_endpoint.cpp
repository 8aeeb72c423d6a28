#include "udp_endpoint.hpp"

#include <rpcforge/codec.hpp>
#include <rpcforge/protocol.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>

#include <stdexcept>
#include <vector>

namespace rpcforge::registry {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

std::pair<std::string, std::string> split_address(const std::string& address) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size())
        throw std::invalid_argument("'" + address + "': a UDP address is HOST:PORT");
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, address.substr(colon + 1)};
}

std::string to_text(const udp::endpoint& endpoint) {
    auto address = endpoint.address();
    auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(endpoint.port());
}

Error invalid_request(std::string why) { return Error(error_code::invalid_request, "Invalid Request: " + why); }

}  // namespace

struct UdpEndpoint::State : std::enable_shared_from_this<State> {
    State(const Dispatcher& dispatcher, std::size_t max_bytes)
        : dispatcher(dispatcher), max_bytes(max_bytes), socket(io), buffer(max_bytes + 1) {
        protocol.limits.max_message_bytes = max_bytes;
    }

    void receive() {
        // One byte more than allowed: a datagram that fills it was longer than the limit (the
        // kernel cuts what does not fit without telling).
        socket.async_receive_from(asio::buffer(buffer), sender,
                                  [this](boost::system::error_code error, std::size_t size) {
                                      if (error == asio::error::operation_aborted) return;
                                      if (!error) handle(size, sender);
                                      receive();
                                  });
    }

    void handle(std::size_t size, const udp::endpoint& from) {
        if (size > max_bytes)
            return refuse(invalid_request("a datagram carries at most " + std::to_string(max_bytes) + " bytes"), from);
        json message;
        try {
            message = decode(std::string_view(buffer.data(), size), protocol.limits);
        } catch (const Error& error) {
            return refuse(error, from);
        }
        auto incoming = classify(std::move(message), protocol);
        if (incoming.is_batch || incoming.messages.size() != 1)
            return refuse(invalid_request("one request per datagram, not a batch"), from);
        auto& only = incoming.messages.front();
        if (auto* invalid = std::get_if<Invalid>(&only)) return refuse(invalid->error, from, invalid->id);
        if (auto* request = std::get_if<Request>(&only)) run(*request, from);
        // A response: nobody here made a call, so it is dropped.
    }

    void refuse(const Error& error, const udp::endpoint& to, const json& id = nullptr) {
        send(make_error(id, error), to, id);
    }

    void run(const Request& request, const udp::endpoint& from) {
        auto connection = std::make_shared<ConnectionInfo>();
        connection->transport = "udp";
        connection->remote_address = "udp://" + to_text(from);
        auto context = std::make_shared<MessageContext>();
        context->connection = std::move(connection);
        CallSite site;
        site.message = std::move(context);
        // The answer may come later from another thread (watch): it is sent from the socket's
        // thread, if the endpoint still exists by then.
        std::weak_ptr<State> self = weak_from_this();
        dispatcher.dispatch(request, site, [self, from, id = request.id](std::optional<json> answer) {
            auto state = self.lock();
            if (!answer || !state) return;
            asio::post(state->io,
                       [raw = state.get(), answer = std::move(*answer), from, id] { raw->send(answer, from, id); });
        });
    }

    void send(const json& answer, const udp::endpoint& to, const json& id) {
        auto text = to_wire(answer);
        if (text.size() > max_bytes) {
            auto why = "Internal error: the answer is " + std::to_string(text.size()) +
                       " bytes, more than a datagram here carries (" + std::to_string(max_bytes) + "); ask over TCP";
            text = to_wire(make_error(id, Error(error_code::internal_error, why)));
        }
        // Non-blocking, and a datagram that cannot leave now is dropped, as the network
        // might drop it: a flood of requests never queues answers in memory.
        boost::system::error_code ignored;
        socket.send_to(asio::buffer(text), to, 0, ignored);
    }

    const Dispatcher& dispatcher;
    const std::size_t max_bytes;
    ProtocolOptions protocol;
    asio::io_context io;
    udp::socket socket;
    std::vector<char> buffer;
    udp::endpoint sender;
};

UdpEndpoint::UdpEndpoint(const Dispatcher& dispatcher, const std::string& address, std::size_t max_datagram_bytes)
    : state_(std::make_shared<State>(dispatcher, max_datagram_bytes)) {
    auto [host, port] = split_address(address);
    try {
        udp::resolver resolver(state_->io);
        auto endpoint = resolver.resolve(host, port, udp::resolver::numeric_service).begin()->endpoint();
        state_->socket.open(endpoint.protocol());
        state_->socket.bind(endpoint);
        state_->socket.non_blocking(true);
        uri_ = "udp://" + to_text(state_->socket.local_endpoint());
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("udp://" + address + ": " + error.code().message());
    }
    state_->receive();
    thread_ = std::thread([state = state_.get()] { state->io.run(); });
}

UdpEndpoint::~UdpEndpoint() {
    state_->io.stop();
    thread_.join();
}

}  // namespace rpcforge::registry
