// Routes the `<method>.item` and `<method>.end` notifications a client receives to its streams,
// by subscription id.

#include <rpcforge/detail/stream_state.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/subscription.hpp>

namespace rpcforge::detail {
namespace {

// Items held for ids no stream has claimed yet: the server's answer (the id) is overtaken by
// its items only when an older call of the same connection is answered later, so a few.
constexpr std::size_t max_early_items = 4096;
// Ids whose streams have gone, remembered so that the items still on their way are dropped
// rather than held as early ones.
constexpr std::size_t max_gone_ids = 4096;

std::string subscription_of(const json& params) {
    if (!params.is_object() || !params.contains("subscription") || !params["subscription"].is_string())
        throw Error(error_code::invalid_params, "Invalid params", "a string 'subscription' is required");
    return params["subscription"].get<std::string>();
}

}  // namespace

StreamRouter& StreamRouter::instance() {
    static StreamRouter router;
    return router;
}

void StreamRouter::attach(const std::string& id, const std::shared_ptr<StreamState>& stream) {
    // The stream is published only once no early item is left: items that come meanwhile are
    // held as early ones too, so none overtakes those being handed over.
    for (;;) {
        Early early;
        {
            std::lock_guard lock(mutex_);
            auto found = early_.find(id);
            if (found == early_.end()) {
                if (gone_.count(id) == 0) streams_[id] = stream;  // gone: it lagged on early items
                return;
            }
            early = std::move(found->second);
            early_items_ -= early.items.size();
            early_.erase(found);
        }
        for (auto& item : early.items) stream->push(std::move(item));
        if (early.ended) return stream->end(early.error);
    }
}

void StreamRouter::forget(const std::string& id) {
    if (id.empty()) return;
    std::lock_guard lock(mutex_);
    streams_.erase(id);
    remember_gone_locked(id);
}

void StreamRouter::item(const std::string& id, json item) {
    std::shared_ptr<StreamState> stream;
    {
        std::lock_guard lock(mutex_);
        stream = find_locked(id);
        if (!stream) {
            if (gone_.count(id) != 0) return;
            early_locked(id).items.push_back(std::move(item));
            ++early_items_;
            return;
        }
    }
    stream->push(std::move(item));
}

void StreamRouter::end(const std::string& id, std::exception_ptr error) {
    std::shared_ptr<StreamState> stream;
    {
        std::lock_guard lock(mutex_);
        stream = find_locked(id);
        if (!stream) {
            if (gone_.count(id) != 0) return;
            auto& early = early_locked(id);
            early.ended = true;
            early.error = std::move(error);
            return;
        }
    }
    stream->end(std::move(error));
}

void StreamRouter::add_method(const std::string& method) {
    std::lock_guard lock(mutex_);
    methods_.insert(method);
}

bool StreamRouter::routes(const std::string& method) const {
    std::lock_guard lock(mutex_);
    return methods_.count(method) != 0;
}

std::shared_ptr<StreamState> StreamRouter::find_locked(const std::string& id) {
    auto found = streams_.find(id);
    return found == streams_.end() ? nullptr : found->second.lock();
}

StreamRouter::Early& StreamRouter::early_locked(const std::string& id) {
    if (auto found = early_.find(id); found != early_.end()) return found->second;
    // Bounded: the oldest unclaimed ids go first, so that a server sending items for ids it
    // never answered with cannot grow the client's memory. Each id weighs one more than its items.
    while (early_items_ + early_.size() >= max_early_items && !early_order_.empty()) {
        auto oldest = early_.find(early_order_.front());
        early_order_.pop_front();
        if (oldest == early_.end()) continue;  // claimed since
        early_items_ -= oldest->second.items.size();
        early_.erase(oldest);
    }
    early_order_.push_back(id);
    if (early_order_.size() > 2 * max_early_items) {  // drop the ids claimed since
        std::erase_if(early_order_, [this](const std::string& held) { return early_.count(held) == 0; });
    }
    return early_[id];
}

void StreamRouter::remember_gone_locked(const std::string& id) {
    if (!gone_.insert(id).second) return;
    gone_order_.push_back(id);
    while (gone_order_.size() > max_gone_ids) {
        gone_.erase(gone_order_.front());
        gone_order_.pop_front();
    }
}

}  // namespace rpcforge::detail

namespace rpcforge {

void route_streams(Dispatcher& handlers, const std::string& method) {
    handlers.add_untyped_notification(method + ".item", [](const json& params, CallContext&) -> json {
        auto id = detail::subscription_of(params);
        if (!params.contains("item")) throw Error(error_code::invalid_params, "Invalid params", "'item' is required");
        detail::StreamRouter::instance().item(id, params["item"]);
        return nullptr;
    });
    handlers.add_untyped_notification(method + ".end", [](const json& params, CallContext&) -> json {
        auto id = detail::subscription_of(params);
        std::exception_ptr error;
        if (params.contains("error") && params["error"].is_object())
            error = std::make_exception_ptr(Error::from_json(params["error"]));
        detail::StreamRouter::instance().end(id, error);
        return nullptr;
    });
    detail::StreamRouter::instance().add_method(method);
}

namespace detail {

std::shared_ptr<StreamState> subscribe(Channel& channel, const std::string& method, json params,
                                       const StreamOptions& options) {
    if (!StreamRouter::instance().routes(method))
        throw std::logic_error("no dispatcher routes the items of '" + method +
                               "': call rpcforge::route_streams(handlers, \"" + method +
                               "\") on the client's ClientOptions::handlers");
    json id = channel.call(method, std::move(params), options.call);
    if (!id.is_string()) throw Error(error_code::internal_error, "Internal error", "the subscription id is not a string");
    auto stream = std::make_shared<StreamState>(channel, method, options.max_buffered_items);
    stream->attach(id.get<std::string>());
    StreamRouter::instance().attach(stream->id(), stream);
    return stream;
}

}  // namespace detail
}  // namespace rpcforge
