#include <rpcforge/dispatcher.hpp>

#include "dispatch/admission.hpp"
#include "dispatch/method_names.hpp"
#include "dispatch/service_descriptions.hpp"

#include <future>
#include <stdexcept>

namespace rpcforge {

namespace detail {

ReplyState::~ReplyState() {
    if (answered_.exchange(true)) return;
    try {
        deliver_(nullptr, std::make_exception_ptr(
                              Error(error_code::internal_error, "Internal error: the handler did not answer")));
    } catch (...) {
        // A destructor must not throw; the answer path has failed already (connection gone).
    }
}

void ReplyState::deliver(json result, std::exception_ptr error) {
    if (answered_.exchange(true)) throw std::logic_error("this call was answered already");
    deliver_(std::move(result), std::move(error));
}

}  // namespace detail

Dispatcher::Dispatcher(DispatcherOptions options) : options_(options) {}

Dispatcher::~Dispatcher() = default;

void Dispatcher::add_entry(std::string method, Handlers handlers, bool is_notification) {
    if (methods_.count(method) != 0) throw std::invalid_argument("method '" + method + "' is registered already");
    const std::string* interned_name = detail::interned_method_name(method);
    methods_.emplace(std::move(method), Entry{std::move(handlers), interned_name, is_notification, true, {}, {}});
}

void Dispatcher::add_description(std::function<json()> document) {
    if (!descriptions_) {
        auto descriptions = std::make_shared<detail::ServiceDescriptions>();
        add_untyped("rpc.discover", [descriptions](const json& params, CallContext&) {
            expect_no_params(params);
            return descriptions->document();
        });
        descriptions_ = std::move(descriptions);
    }
    descriptions_->add(std::move(document));
}

void Dispatcher::never_compress(const std::string& method) {
    auto entry = methods_.find(method);
    if (entry == methods_.end()) throw std::invalid_argument("method '" + method + "' is not registered");
    entry->second.compressible = false;
}

void Dispatcher::set_policy(const std::string& method, MethodPolicy policy) {
    auto entry = methods_.find(method);
    if (entry == methods_.end()) throw std::invalid_argument("method '" + method + "' is not registered");
    if (policy.thread == MethodPolicy::Thread::io && (policy.max_concurrent != 0 || policy.exclusive))
        throw std::invalid_argument("method '" + method +
                                    "': a method run on the I/O thread cannot wait for a turn (no cap, not exclusive)");
    if (!admission_) admission_ = std::make_unique<detail::Admission>();
    // An exclusive call must know of every call running, so from now on all are counted.
    if (policy.exclusive) admission_->count_every_call();
    entry->second.policy = policy;
}

const MethodPolicy& Dispatcher::policy(const std::string& method) const {
    static const MethodPolicy default_policy;
    auto entry = methods_.find(method);
    return entry == methods_.end() ? default_policy : entry->second.policy;
}

std::optional<json> Dispatcher::error_answer(const Request& request, std::exception_ptr error) const {
    if (request.is_notification) return std::nullopt;
    try {
        std::rethrow_exception(std::move(error));
    } catch (const Error& e) {
        return make_error(request.id, e, request.version);
    } catch (const ConversionError& e) {
        return make_error(request.id, Error(error_code::invalid_params, std::string("Invalid params: ") + e.what()),
                          request.version);
    } catch (const std::exception& e) {
        return make_error(request.id,
                          Error(error_code::internal_error, "Internal error",
                                options_.expose_exception_messages ? json(e.what()) : json(nullptr)),
                          request.version);
    } catch (...) {
        return make_error(request.id, Error(error_code::internal_error, "Internal error"), request.version);
    }
}

void Dispatcher::dispatch(const Request& request, const CallSite& site, Answer done) const {
    if (observed_) return dispatch_observed(request, site, std::move(done));
    auto found = methods_.find(request.method);
    if (found == methods_.end())
        return done(error_answer(request, std::make_exception_ptr(Error(error_code::method_not_found, "Method not found"))));
    admit(found->second, request, site, std::move(done), nullptr);
}

void Dispatcher::admit(const Entry& entry, const Request& request, const CallSite& site, Answer&& done,
                       const std::shared_ptr<Call>& call) const {
    if (!entry.compressible && site.message) site.message->compressible = false;
    if (!admission_ || !admission_->governs(entry.policy)) return run(entry, request, site, std::move(done), call);

    // The call counts as running from enter() until its answer, however late that comes.
    auto leave_then_answer = [admission = admission_.get(), &entry, done = std::move(done)](std::optional<json> answer) {
        admission->leave(&entry, entry.policy);
        done(std::move(answer));
    };
    // A call that must wait keeps its own copy of the request: the caller's is gone by then.
    // It holds its connection weakly (and with it the scheduler, which the connection owns): a
    // connection gone by its turn has nobody to answer, and the call only gives its turn back.
    auto start_later = [this, &entry, request, message = site.message, weak_peer = std::weak_ptr<Peer>(site.peer),
                        has_peer = site.peer != nullptr, resume_on = site.resume_on, call,
                        answer = leave_then_answer]() mutable {
        auto peer = weak_peer.lock();
        if (has_peer && !peer) return answer(std::nullopt);
        auto run_now = [this, &entry, request = std::move(request), site = CallSite{peer, message, resume_on},
                        answer = std::move(answer), call]() mutable {
            run(entry, request, site, std::move(answer), call);
        };
        if (resume_on != nullptr && *resume_on)
            (*resume_on)(std::move(run_now));
        else
            run_now();
    };
    if (admission_->enter(&entry, entry.policy, std::move(start_later)))
        run(entry, request, site, std::move(leave_then_answer), call);
}

void Dispatcher::run(const Entry& entry, const Request& request, const CallSite& site, Answer&& done,
                     const std::shared_ptr<Call>& call) const {
    MessageContext no_message;
    CallContext context{request, site.peer, site.message ? *site.message : no_message};
    if (call != nullptr) call->started = Call::Clock::now();
    if (entry.handlers.async) {
        auto reply = std::make_shared<detail::ReplyState>(
            [this, &entry, id = request.id, version = request.version, is_notification = request.is_notification, call,
             done = std::move(done)](json result, std::exception_ptr error) {
                Request answered{{}, nullptr, id, is_notification, version};
                std::optional<json> answer;
                if (error)
                    answer = error_answer(answered, error);
                else if (!is_notification)
                    answer = make_result(id, entry.is_notification ? json(nullptr) : std::move(result), version);
                if (call) {
                    call->error = std::move(error);
                    complete(*call, answer);
                }
                done(std::move(answer));
            });
        try {
            entry.handlers.async(request.params, context, Reply<json>(reply));
        } catch (...) {
            // Thrown before answering: that is its answer. Thrown after: the answer stands.
            try {
                reply->deliver(nullptr, std::current_exception());
            } catch (const std::logic_error&) {
            }
        }
        return;
    }
    std::optional<json> answer;
    try {
        json result = entry.handlers.sync(request.params, context);
        if (!request.is_notification)
            answer = make_result(request.id, entry.is_notification ? json(nullptr) : std::move(result), request.version);
    } catch (...) {
        if (call) call->error = std::current_exception();
        answer = error_answer(request, std::current_exception());
    }
    if (call) complete(*call, answer);
    done(std::move(answer));
}

std::optional<json> Dispatcher::handle(const Request& request, std::shared_ptr<Peer> peer,
                                       std::shared_ptr<MessageContext> message) const {
    auto answer = std::make_shared<std::promise<std::optional<json>>>();
    auto ready = answer->get_future();
    dispatch(request, CallSite{std::move(peer), std::move(message)},
             [answer](std::optional<json> value) { answer->set_value(std::move(value)); });
    return ready.get();
}

}  // namespace rpcforge
