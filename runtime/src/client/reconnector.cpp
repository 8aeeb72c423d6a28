// The reconnecting side of a Reconnector: noticing a lost connection, making new ones with
// backoff, and letting the old ones go.

#include "client/reconnector.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace rpcforge::detail {

namespace asio = boost::asio;

namespace {

/// The user's callbacks must not take the reconnecting thread down with them.
template <class Callback, class... Args>
void tell(const Callback& callback, Args&&... args) {
    if (!callback) return;
    try {
        callback(std::forward<Args>(args)...);
    } catch (...) {
    }
}

}  // namespace

Reconnector::Reconnector(ReconnectOptions options, std::string uri, Connector connect, PeerSetup setup)
    : options_(std::move(options)),
      uri_(std::move(uri)),
      connect_(std::move(connect)),
      setup_(std::move(setup)),
      backoff_(options_.initial_delay, options_.max_delay, options_.multiplier, options_.jitter) {}

Reconnector::~Reconnector() {
    close();
    // Last, while the members their Peers' final completions reach are still here.
    std::vector<std::shared_ptr<Link>> links;
    {
        std::lock_guard lock(mutex_);
        links.swap(graveyard_);
    }
}

void Reconnector::connect() {
    auto link = make_link();
    {
        std::lock_guard lock(mutex_);
        link_ = link;
        ready_ = true;
        up_since_ = Clock::now();
    }
    if (!link->peer().is_open()) lost(link.get(), "the connection closed");  // before link_ was set
}

std::shared_ptr<Link> Reconnector::make_link() {
    auto link = std::make_shared<Link>();
    auto connection = connect_(link->io());
    link->start(std::move(connection), setup_, [this, raw = link.get()] { lost(raw, "the connection closed"); });
    return link;
}

void Reconnector::lost(const Link* link, const std::string& reason) {
    Clock::duration lived{};
    {
        std::lock_guard lock(mutex_);
        if (closing_ || !link_ || link_.get() != link) return;  // not the live one, or already known
        dead_.push_back(std::move(link_));
        link_ = nullptr;
        ready_ = false;
        lived = Clock::now() - up_since_;
        if (!control_thread_.joinable()) control_thread_ = std::thread([this] { control_.run(); });
    }
    asio::post(control_, [this, reason, lived] {
        tell(options_.on_lost, reason);
        // A connection that served a while: the server may only have closed it for idleness,
        // so try again at once. One that died young: go on backing off, so that a server that
        // accepts and drops straight away is not hammered.
        if (lived >= options_.max_delay) {
            backoff_.succeeded();
            attempt();
        } else {
            retry_later(reason);
        }
    });
}

/// On the control thread. The connecting blocks (detail::connect drives its own io_context),
/// so it runs on the dialler thread, which reports back here.
void Reconnector::attempt() {
    if (dialler_.joinable()) dialler_.join();  // done: it posted its result before ending
    std::vector<std::shared_ptr<Link>> dead;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        dead.swap(dead_);
    }
    ++attempts_;
    dialler_ = std::thread([this, dead = std::move(dead)]() mutable {
        bury(std::move(dead));
        std::shared_ptr<Link> link;
        std::string error;
        try {
            link = make_link();
        } catch (const std::exception& e) {
            error = e.what();
        }
        asio::post(control_, [this, link = std::move(link), error]() mutable {
            if (link)
                up(std::move(link));
            else
                retry_later(error);
        });
    });
}

void Reconnector::retry_later(const std::string&) {
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
    }
    retry_.expires_after(backoff_.failed());
    retry_.async_wait([this](boost::system::error_code ec) {
        if (!ec) attempt();
    });
}

void Reconnector::up(std::shared_ptr<Link> link) {
    bool closing = false;
    {
        std::lock_guard lock(mutex_);
        closing = closing_;
        if (!closing) {
            link_ = link;
            up_since_ = Clock::now();
        }
    }
    if (closing) return bury({std::move(link)});
    if (!link->peer().is_open()) return lost(link.get(), "the connection closed");  // died before link_ was set
    flush(link);
    tell(options_.on_reconnected, std::exchange(attempts_, 0));
}

/// Shuts `dead` down, here (never on their own I/O threads), and lets go of those whose Peer
/// nothing else holds; the rest wait in the graveyard, as their connection must not outlive
/// the io_context it was made on.
void Reconnector::bury(std::vector<std::shared_ptr<Link>> dead) {
    for (const auto& link : dead) link->shut_down();
    std::vector<std::shared_ptr<Link>> gone;
    {
        std::lock_guard lock(mutex_);
        for (auto& link : dead) graveyard_.push_back(std::move(link));
        auto unused = std::partition(graveyard_.begin(), graveyard_.end(), [](const auto& l) { return !l->unused(); });
        gone.assign(std::make_move_iterator(unused), std::make_move_iterator(graveyard_.end()));
        graveyard_.erase(unused, graveyard_.end());
    }
}  // `gone` goes here, outside the lock: a Peer going fails its last calls, which may call back

void Reconnector::close() {
    std::map<std::uint64_t, Waiting> waiting;
    std::shared_ptr<Link> link;
    std::vector<std::shared_ptr<Link>> dead;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        closing_ = true;
        ready_ = false;
        waiting.swap(waiting_);
        link = std::move(link_);
        dead.swap(dead_);
    }
    // The waiting calls first: they must not wait behind the connection's closing.
    for (auto& [id, entry] : waiting) {
        entry.deadline.reset();
        if (entry.call->done)
            entry.call->done(nullptr, std::make_exception_ptr(
                                          NotSentError(not_sent("the client was closed while reconnecting"))));
    }
    if (link) dead.push_back(std::move(link));
    bury(std::move(dead));
    stop_reconnecting();
}

/// Ends the control thread once the retry timer is cancelled and an attempt under way has
/// ended (a connection it made is let go by up(), which sees the client closing).
void Reconnector::stop_reconnecting() {
    if (!control_thread_.joinable()) return;  // never lost a connection; no lost() from now on
    asio::post(control_, [this] {
        retry_.cancel();
        if (dialler_.joinable()) dialler_.join();
    });
    work_.reset();
    control_thread_.join();
}

}  // namespace rpcforge::detail
