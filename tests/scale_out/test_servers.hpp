#pragma once
// Servers for the balancing tests: one that says who it is, one that drops or never answers
// what it reads, and a discovery whose instances the test sets.

#include <rpcforge/discovery.hpp>
#include <rpcforge/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>

#include <atomic>
#include <mutex>
#include <thread>

namespace rpcforge::test {

/// A TCP URI on loopback that nothing listens on (its port was free a moment ago).
inline std::string unused_tcp_uri() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return "tcp://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
}

/// Answers "who" (and "sleep" {ms}, after sleeping) with its tag; counts "poke" notifications.
class TaggedServer {
public:
    explicit TaggedServer(std::string tag, const std::string& listen = "tcp://127.0.0.1:0") : tag_(std::move(tag)) {
        dispatcher_.add("who", [this] { return tag_; });
        dispatcher_.add("sleep", {"ms"}, [this](int ms) {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            return tag_;
        });
        dispatcher_.add_notification("poke", [this] { ++pokes_; });
        uri_ = server_.listen(listen);
        server_.start();
    }
    const std::string& uri() const { return uri_; }
    int pokes() const { return pokes_; }

private:
    std::string tag_;
    std::atomic<int> pokes_{0};
    Dispatcher dispatcher_;
    Server server_{dispatcher_};
    std::string uri_;
};

/// Reads each request line, then closes the connection without an answer (drop), or keeps it
/// open and silent (never_answer). Counts the requests it read.
class DroppingServer {
public:
    enum class Mode { drop, never_answer };

    explicit DroppingServer(Mode mode = Mode::drop)
        : mode_(mode), acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        uri_ = "tcp://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
        thread_ = std::thread([this] { serve(); });
    }
    ~DroppingServer() {
        stopping_ = true;
        // A blocking accept is not woken by closing the acceptor: connect, so that it returns.
        boost::system::error_code ignored;
        boost::asio::ip::tcp::socket waker(io_);
        waker.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    const std::string& uri() const { return uri_; }
    int requests() const { return requests_; }

private:
    void serve() {
        std::vector<boost::asio::ip::tcp::socket> held;
        while (!stopping_) {
            boost::system::error_code error;
            auto socket = acceptor_.accept(error);
            if (error || stopping_) return;
            boost::asio::streambuf line;
            boost::asio::read_until(socket, line, '\n', error);
            if (error) continue;
            ++requests_;
            if (mode_ == Mode::never_answer) held.push_back(std::move(socket));
        }
    }

    Mode mode_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::string uri_;
    std::atomic<int> requests_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

/// A discovery the test drives: set() changes the live instances and tells the watchers.
class FakeDiscovery final : public Discovery {
public:
    void set(std::vector<ServiceInstance> live) {
        std::lock_guard lock(mutex_);
        live_ = std::move(live);
        for (auto* watcher : watchers_) (*watcher)(live_);
    }

    std::unique_ptr<Registration> register_instance(const std::string&, ServiceInstance, std::chrono::seconds) override {
        throw DiscoveryError("FakeDiscovery takes no registrations");
    }
    std::vector<ServiceInstance> resolve(const std::string&) override {
        std::lock_guard lock(mutex_);
        return live_;
    }
    std::unique_ptr<Watch> watch(const std::string&, OnChange on_change) override {
        std::lock_guard lock(mutex_);
        return std::make_unique<FakeWatch>(*this, std::move(on_change));
    }
    std::string describe() const override { return "fake://"; }

private:
    class FakeWatch final : public Watch {
    public:
        FakeWatch(FakeDiscovery& owner, OnChange on_change) : owner_(owner), on_change_(std::move(on_change)) {
            owner_.watchers_.push_back(&on_change_);
        }
        ~FakeWatch() override {
            std::lock_guard lock(owner_.mutex_);
            std::erase(owner_.watchers_, &on_change_);
        }

    private:
        FakeDiscovery& owner_;
        OnChange on_change_;
    };

    std::mutex mutex_;
    std::vector<ServiceInstance> live_;
    std::vector<OnChange*> watchers_;
};

}  // namespace rpcforge::test
