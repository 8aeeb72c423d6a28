// The dispatcher's middleware path: the calls of a Dispatcher with middleware or per-method
// roles come here, every transport's alike (they all reach Dispatcher::dispatch), and go on to
// the same admission and handler as the unobserved ones.

#include <rpcforge/dispatcher.hpp>

#include "dispatch/admission.hpp"

#include <stdexcept>

namespace rpcforge {
namespace {

class FunctionMiddleware final : public Middleware {
public:
    FunctionMiddleware(std::function<void(Call&, CallContext&)> before, std::function<void(const Call&)> after)
        : before_(std::move(before)), after_(std::move(after)) {}
    void before(Call& call, CallContext& context) override {
        if (before_) before_(call, context);
    }
    void after(const Call& call) override {
        if (after_) after_(call);
    }

private:
    std::function<void(Call&, CallContext&)> before_;
    std::function<void(const Call&)> after_;
};

/// The after()s of the middleware whose before() completed, last registered first, as the
/// befores nest; one that throws stops none of the others.
void after_entered(const std::vector<std::shared_ptr<Middleware>>& chain, const Call& call) {
    for (std::size_t i = std::min(call.entered_middleware, chain.size()); i-- > 0;) {
        try {
            chain[i]->after(call);
        } catch (...) {
            // Documented: after() cannot change an outcome that is known already.
        }
    }
}

/// The record of a call that may finish after dispatch() returns, with what it needs of the
/// request (which is gone by then): the method is the dispatcher's, the id is copied here.
struct HeldCall {
    Call call;
    json id;
};

void fill_call(Call& call, const Request& request, const CallSite& site, const std::string* registered_method) {
    call.method = registered_method != nullptr ? std::string_view(*registered_method) : request.method;
    call.is_notification = request.is_notification;
    call.registered_method = registered_method;
    call.peer = site.peer;
    // Middleware may set an identity the handler then sees: both need the same message.
    call.message = site.message ? site.message : std::make_shared<MessageContext>();
    auto received = call.message->received;
    call.received = received != Call::Clock::time_point{} ? received : Call::Clock::now();
}

}  // namespace

const json Call::null_id;

const Identity* Call::identity() const {
    if (message->identity) return message->identity.get();
    return message->connection ? message->connection->identity.get() : nullptr;
}

int Call::error_code() const {
    if (!error) return 0;
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.code();
    } catch (const ConversionError&) {
        return rpcforge::error_code::invalid_params;
    } catch (...) {
        return rpcforge::error_code::internal_error;
    }
}

std::shared_ptr<Middleware> make_middleware(std::function<void(Call&, CallContext&)> before,
                                            std::function<void(const Call&)> after) {
    return std::make_shared<FunctionMiddleware>(std::move(before), std::move(after));
}

void Dispatcher::use(std::shared_ptr<Middleware> middleware) {
    if (!middleware) throw std::invalid_argument("Dispatcher::use: null middleware");
    middleware_.push_back(std::move(middleware));
    observed_ = true;
}

void Dispatcher::require_roles(const std::string& method, std::vector<std::string> roles) {
    auto entry = methods_.find(method);
    if (entry == methods_.end()) throw std::invalid_argument("method '" + method + "' is not registered");
    if (!roles.empty()) observed_ = true;
    entry->second.roles = std::move(roles);
}

const std::vector<std::string>& Dispatcher::required_roles(const std::string& method) const {
    static const std::vector<std::string> none;
    auto entry = methods_.find(method);
    return entry == methods_.end() ? none : entry->second.roles;
}

void Dispatcher::check_roles(const Entry& entry, const CallContext& context) const {
    if (entry.roles.empty()) return;
    const Identity* identity = context.identity();
    if (identity != nullptr)
        for (const auto& role : entry.roles)
            if (identity->has_role(role)) return;
    refused_calls_.fetch_add(1, std::memory_order_relaxed);
    // Over HTTP a request that is this one call gets the status that says so; a batch's other
    // members may succeed, so a batch stays 200.
    if (!context.message.is_batch) context.message.http_status = identity == nullptr ? 401 : 403;
    const auto& method = context.request.method;
    if (identity == nullptr)
        throw Error(error_code::unauthenticated, "Unauthenticated: '" + method + "' needs an authenticated caller");
    throw Error(error_code::forbidden, "Forbidden: '" + identity->name + "' may not call '" + method + "'");
}

void Dispatcher::dispatch_observed(const Request& request, const CallSite& site, Answer&& done) const {
    auto found = methods_.find(request.method);
    // The record of a call whose outcome is known before dispatch returns (a synchronous handler
    // that needs no turn, a refusal) stays on this stack, and points into the request; one that
    // may finish later is on the heap, owned by whatever finishes it, and keeps its own id. Most
    // calls then allocate and copy nothing for middleware.
    if (found != methods_.end() && may_finish_later(found->second)) {
        auto held = std::make_shared<HeldCall>();
        held->id = request.id;
        held->call.id_ = &held->id;
        return observe(request, site, found, std::shared_ptr<Call>(held, &held->call), std::move(done));
    }
    Call call;
    call.id_ = &request.id;
    observe(request, site, found, std::shared_ptr<Call>(std::shared_ptr<Call>(), &call), std::move(done));
}

bool Dispatcher::may_finish_later(const Entry& entry) const {
    return entry.handlers.async || (admission_ && admission_->governs(entry.policy));
}

void Dispatcher::observe(const Request& request, const CallSite& site, Methods::const_iterator found,
                         const std::shared_ptr<Call>& call, Answer&& done) const {
    fill_call(*call, request, site, found != methods_.end() ? found->second.interned_name : nullptr);
    CallContext context{request, site.peer, *call->message};
    try {
        for (const auto& middleware : middleware_) {
            middleware->before(*call, context);
            ++call->entered_middleware;
        }
        if (found != methods_.end()) check_roles(found->second, context);
    } catch (...) {
        call->error = std::current_exception();
    }
    if (!call->error && found == methods_.end())
        call->error = std::make_exception_ptr(Error(error_code::method_not_found, "Method not found"));
    if (call->error) {
        // Refused, or no such method: the middleware that were entered see it as the outcome.
        auto answer = error_answer(request, call->error);
        complete(*call, answer);
        return done(std::move(answer));
    }
    // The call's message is the site's when it has one: pass the site on, not a copy of it.
    if (site.message) return admit(found->second, request, site, std::move(done), call);
    admit(found->second, request, CallSite{site.peer, call->message, site.resume_on}, std::move(done), call);
}

void Dispatcher::complete(Call& call, const std::optional<json>& answer) const {
    call.finished = Call::Clock::now();
    call.answer = answer ? &*answer : nullptr;
    after_entered(middleware_, call);
    call.answer = nullptr;
}

}  // namespace rpcforge
