#include <rpcforge/dispatcher.hpp>

#include <stdexcept>

namespace rpcforge {

namespace detail {

void check_param_shape(const json& params, const std::string* names, std::size_t count) {
    if (params.is_array() && params.size() > count)
        throw Error(error_code::invalid_params, "Invalid params: expected at most " + std::to_string(count) +
                                                    " parameters, got " + std::to_string(params.size()));
    if (!params.is_object()) return;
    for (const auto& item : params.items()) {
        bool known = false;
        for (std::size_t i = 0; i < count && !known; ++i) known = names[i] == item.key();
        if (!known) throw Error(error_code::invalid_params, "Invalid params: unknown parameter '" + item.key() + "'");
    }
}

}  // namespace detail

void Dispatcher::add_handler(std::string method, Handler handler, bool is_notification) {
    if (methods_.count(method) != 0) throw std::invalid_argument("method '" + method + "' is registered already");
    methods_.emplace(std::move(method), Entry{std::move(handler), is_notification});
}

void Dispatcher::never_compress(const std::string& method) {
    auto entry = methods_.find(method);
    if (entry == methods_.end()) throw std::invalid_argument("method '" + method + "' is not registered");
    entry->second.compressible = false;
}

json Dispatcher::run(const Request& request, std::shared_ptr<Peer> peer, MessageContext& message) const {
    auto entry = methods_.find(request.method);
    if (entry == methods_.end()) throw Error(error_code::method_not_found, "Method not found");
    if (!entry->second.compressible) message.compressible = false;
    CallContext context{request, std::move(peer), message};
    try {
        return entry->second.handler(request.params, context);
    } catch (const ConversionError& e) {
        throw Error(error_code::invalid_params, std::string("Invalid params: ") + e.what());
    }
}

std::optional<json> Dispatcher::handle(const Request& request, std::shared_ptr<Peer> peer,
                                       MessageContext* message) const {
    MessageContext none;
    std::optional<Error> failure;
    try {
        json result = run(request, std::move(peer), message != nullptr ? *message : none);
        if (request.is_notification) return std::nullopt;
        return make_result(request.id, std::move(result), request.version);
    } catch (const Error& e) {
        failure = e;
    } catch (const std::exception& e) {
        failure = Error(error_code::internal_error, "Internal error",
                        options_.expose_exception_messages ? json(e.what()) : json(nullptr));
    } catch (...) {
        failure = Error(error_code::internal_error, "Internal error");
    }
    if (request.is_notification) return std::nullopt;
    return make_error(request.id, *failure, request.version);
}

}  // namespace rpcforge
