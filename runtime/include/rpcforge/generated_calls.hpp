#pragma once
/// The client side of generated code: building the params of a call, typed futures of answers,
/// declared errors rethrown as their classes, typed batches. Called by generated clients.

#include <rpcforge/async.hpp>
#include <rpcforge/channel.hpp>
#include <rpcforge/convert.hpp>
#include <rpcforge/error.hpp>
#include <rpcforge/json.hpp>
#include <rpcforge/params.hpp>

#include <cstddef>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rpcforge::generated {

/// Builds the "params" of a call: an object, or an array for methods taken by position (absent
/// trailing parameters left out, absent ones before a present one sent as null).
class Args {
public:
    explicit Args(ParamStructure structure);

    template <class T>
    Args& add(std::string_view name, const T& value) {
        put(name, to_json_value(value));
        return *this;
    }
    template <class T>
    Args& add_optional(std::string_view name, const std::optional<T>& value) {
        if (value) return add(name, *value);
        if (params_.is_array()) params_.push_back(nullptr);
        return *this;
    }
    json take();

private:
    void put(std::string_view name, json value);

    json params_;
    std::size_t given_ = 0;  // positions up to the last present parameter
};

/// Throws the first of Errors whose code is the error's code, built from it; returns otherwise.
template <class... Errors>
void rethrow_declared(const Error& error) {
    ((error.code() == Errors::error_code ? throw Errors(error) : void()), ...);
}

/// Decodes an answer as R; an error answer with a declared code becomes that exception class.
template <class R, class... Errors>
R decode_answer(std::future<json>& answer) {
    try {
        return convert<R>(answer.get(), "result");
    } catch (const Error& error) {
        rethrow_declared<Errors...>(error);
        throw;
    }
}

/// The typed future of a call. It is deferred: get() waits for the answer and decodes it.
template <class R, class... Errors>
std::future<R> call(Channel& channel, const std::string& method, json params, const CallOptions& options) {
    return std::async(std::launch::deferred,
                      [answer = channel.call_async(method, std::move(params), options)]() mutable -> R {
                          return decode_answer<R, Errors...>(answer);
                      });
}

/// A failure with the code of one of Errors as that exception class; others unchanged.
template <class... Errors>
std::exception_ptr declared_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& answered) {
        try {
            rethrow_declared<Errors...>(answered);
        } catch (...) {
            return std::current_exception();
        }
    } catch (...) {
    }
    return error;
}

/// The typed call completed through an Asio completion token (rpcforge/async.hpp), with
/// `void(std::exception_ptr, R)`: generated `_async` methods that take a token call it.
template <class R, class... Errors, class CompletionToken>
auto async_call(Channel& channel, std::string method, json params, CallOptions options, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, rpcforge::detail::AsyncCallSignature<R>>(
        [&channel](auto handler, std::string method, json params, CallOptions options) {
            rpcforge::detail::start_async_call<R>(
                channel, method, std::move(params), options, std::move(handler),
                [](json result) { return convert<R>(result, "result"); }, &declared_error<Errors...>);
        },
        token, std::move(method), std::move(params), options);
}

/// `options` for a method declared idempotent: a channel that fails over may send it again.
inline CallOptions idempotent(CallOptions options) {
    options.idempotent = true;
    return options;
}

/// Calls queued to go out as one batch, each with a typed (deferred) future that can be read
/// once send() has run. One failed call fails only its own future.
class TypedBatch {
public:
    template <class R, class... Errors>
    std::future<R> call(std::string method, json params) {
        auto slot = std::make_shared<std::future<json>>();
        slots_.push_back(slot);
        batch_.call(std::move(method), std::move(params));
        return std::async(std::launch::deferred, [slot]() -> R {
            check_sent(*slot);
            return decode_answer<R, Errors...>(*slot);
        });
    }
    void notify(std::string method, json params) { batch_.notify(std::move(method), std::move(params)); }
    /// Sends every queued call and notification as one message (nothing when none); returns at once.
    void send(Channel& channel, const CallOptions& options);

private:
    static void check_sent(const std::future<json>& slot);

    Batch batch_;
    std::vector<std::shared_ptr<std::future<json>>> slots_;
};

}  // namespace rpcforge::generated
