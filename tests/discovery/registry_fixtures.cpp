#include "registry_fixtures.hpp"

#include "support/child_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace rpcforge::test {
namespace {

std::string after(const std::string& text, const std::string& prefix) { return text.substr(prefix.size()); }

}  // namespace

RegistryProcess::RegistryProcess(std::vector<std::string> args, unsigned port, std::vector<std::string> program) {
    std::vector<std::string> argv = std::move(program);
    argv.insert(argv.end(), {"--listen", "tcp://127.0.0.1:" + std::to_string(port)});
    argv.insert(argv.end(), args.begin(), args.end());
    bool wants_udp = std::find(args.begin(), args.end(), "--udp") != args.end();
    child_ = std::make_unique<detail::ChildProcess>(argv);
    out_ = child_->take_stdout();
    // The UDP line comes first (it is bound before the stream endpoints), then the TCP one.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (std::string line; store_.empty() && !(line = read_line(out_, deadline)).empty();) {
        if (line.rfind("listening on udp://", 0) == 0) udp_ = after(line, "listening on udp://");
        if (line.rfind("listening on tcp://", 0) == 0) store_ = after(line, "listening on tcp://");
    }
    if (store_.empty() || (wants_udp && udp_.empty()))
        throw std::runtime_error("rpcforge-registry did not say where it listens");
}

RegistryProcess::~RegistryProcess() {
    if (child_) kill(SIGTERM);
    ::close(out_);
}

unsigned RegistryProcess::port() const {
    return static_cast<unsigned>(std::stoul(store_.substr(store_.rfind(':') + 1)));
}

int RegistryProcess::kill(int signal) {
    ::kill(child_->pid(), signal);
    int status = child_->wait_for(std::chrono::seconds(20));
    if (status == -1) status = child_->stop(std::chrono::seconds(0));
    return status;
}

InProcessRegistry::InProcessRegistry(registry::StoreLimits limits, ServerOptions options) : registry_store(limits) {
    registry::bind(service).add_to(dispatcher);
    server = std::make_unique<Server>(dispatcher, options);
    endpoint = server->listen("tcp://127.0.0.1:0");
    store = endpoint.substr(std::string("tcp://").size());
    server->start();
}

InProcessRegistry::~InProcessRegistry() {
    registry_store.close_watches();  // a stopping server waits for its calls in flight
    server->stop();
}

std::string registry_path() { return RPCFORGE_REGISTRY; }
std::string rpcforge_path() { return RPCFORGE_COMMAND; }

unsigned dead_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

}  // namespace rpcforge::test
