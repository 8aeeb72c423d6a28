#pragma once
/// The client side of one subscription, untyped: what Stream<T> (subscription.hpp) wraps.
/// Users do not name it.

#include <rpcforge/channel.hpp>
#include <rpcforge/json.hpp>

#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace rpcforge::detail {

/// Items received and not yet read, bounded; the one reader waiting; how it ended. Thread-safe.
class StreamState : public std::enable_shared_from_this<StreamState> {
public:
    /// Receives an item, or the end: nullopt with a null error (ended) or with the error.
    using Next = std::function<void(std::exception_ptr error, std::optional<json> item)>;

    StreamState(Channel& channel, std::string method, std::size_t max_buffered_items);

    void attach(std::string id) { id_ = std::move(id); }
    const std::string& id() const { return id_; }

    /// An item came (the router calls, on the client's handler thread).
    void push(json item);
    /// The server ended the subscription; `error` null when it closed it.
    void end(std::exception_ptr error);
    /// The reader asks for the next item: `next` runs now or when it comes, on that thread.
    /// Throws std::logic_error when another next() is waiting.
    void take(Next next);
    /// This side leaves: the server is told, the reader gets the end.
    void unsubscribe();

private:
    /// Under mutex_: ends and hands back the waiting reader, to be told outside the lock.
    Next finish_locked(std::exception_ptr error);
    void tell_server();

    Channel& channel_;
    const std::string method_;
    const std::size_t max_buffered_items_;
    std::string id_;  // set once, before any item is routed here

    std::mutex mutex_;
    std::deque<json> buffered_;
    Next waiting_;
    bool ended_ = false;
    bool told_server_ = false;
    std::exception_ptr error_;
};

/// Every stream of the process, by subscription id (128 random bits, made by the server, so
/// ids of different servers do not meet). Items that come before their stream is attached
/// (the server's answer can be overtaken by its first items) are held for it, bounded.
class StreamRouter {
public:
    static StreamRouter& instance();

    void attach(const std::string& id, const std::shared_ptr<StreamState>& stream);
    void forget(const std::string& id);
    void item(const std::string& id, json item);
    void end(const std::string& id, std::exception_ptr error);

    void add_method(const std::string& method);
    bool routes(const std::string& method) const;

private:
    struct Early {
        std::deque<json> items;
        bool ended = false;
        std::exception_ptr error;
    };
    std::shared_ptr<StreamState> find_locked(const std::string& id);
    Early& early_locked(const std::string& id);
    void remember_gone_locked(const std::string& id);

    mutable std::mutex mutex_;
    std::map<std::string, std::weak_ptr<StreamState>> streams_;
    std::map<std::string, Early> early_;
    std::deque<std::string> early_order_;  // oldest first, to bound early_
    std::size_t early_items_ = 0;
    std::set<std::string> gone_;           // ids left or ended lately: their late items are dropped
    std::deque<std::string> gone_order_;
    std::set<std::string> methods_;
};

}  // namespace rpcforge::detail
