#include <rpcforge/hot_reload.hpp>

#include "reload/loaded_module.hpp"
#include "reload/file_watcher.hpp"

#include <rpcforge/error.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace rpcforge::detail {

/// What the dispatcher knows of a method: fixed by the first load, required of every later one.
struct ReloadMethodShape {
    std::string name;
    bool is_notification;
    friend bool operator==(const ReloadMethodShape&, const ReloadMethodShape&) = default;
};

/// The methods of a module's binding. Throws ReloadError for one that answers later (a
/// Reply): the module could still be running it after its last call returned, so the rule that
/// unloads it then would not hold.
static std::vector<ReloadMethodShape> shape_of(const ServiceBinding& binding, const std::filesystem::path& library) {
    std::vector<ReloadMethodShape> shape;
    for (const auto& method : binding.methods()) {
        if (!method.handler)
            throw ReloadError("cannot load service module " + library.string() + ": method '" + method.name +
                              "' is asynchronous, which hot reload does not support yet");
        shape.push_back({method.name, method.is_notification});
    }
    return shape;
}

/// Thrown (as a copy made here) for a module's exception of no standard type: the dispatcher
/// answers it -32603, as it would have answered the original.
struct ForeignModuleException {};

/// The answer of one call, held by objects of the host's own code: what the module threw must
/// not outlive the module, whose code its vtable and destructor are.
struct ModuleCallOutcome {
    json result;
    std::exception_ptr error;
};

/// One loaded build of the service, shared by the calls running on it.
class Generation {
public:
    Generation(std::unique_ptr<LoadedModule> module, std::shared_ptr<std::atomic<std::size_t>> loaded)
        : module_(std::move(module)), loaded_(std::move(loaded)) {
        ++*loaded_;
    }
    ~Generation() {
        module_.reset();  // dlclose happens here, on the thread that ran the last call
        --*loaded_;
    }
    Generation(const Generation&) = delete;
    Generation& operator=(const Generation&) = delete;

    const ServiceBinding& binding() const { return module_->binding(); }
    /// The module's OpenRPC document, copied by the host's code so that it outlives the module.
    json description() const { return json(binding().description()); }

    /// Runs method `index` (in the order of the first load's binding). Whatever it throws is
    /// caught and copied into an exception of the host's own code before this returns.
    ModuleCallOutcome call(std::size_t index, const json& params, CallContext& context) const {
        try {
            return {binding().methods()[index].handler(params, context), nullptr};
        } catch (const Error& e) {
            return {nullptr, std::make_exception_ptr(Error(e.code(), e.message(), e.data()))};
        } catch (const ConversionError& e) {
            // What the dispatcher would have answered for it.
            return {nullptr, std::make_exception_ptr(Error(error_code::invalid_params, std::string("Invalid params: ") + e.what()))};
        } catch (const std::exception& e) {
            return {nullptr, std::make_exception_ptr(std::runtime_error(e.what()))};
        } catch (...) {
            return {nullptr, std::make_exception_ptr(ForeignModuleException{})};
        }
    }

private:
    std::unique_ptr<LoadedModule> module_;
    std::shared_ptr<std::atomic<std::size_t>> loaded_;
};

struct ReloadState {
    std::vector<ReloadMethodShape> shape;
    std::shared_ptr<std::atomic<std::size_t>> loaded = std::make_shared<std::atomic<std::size_t>>(0);
    std::atomic<std::uint64_t> generation{0};
    std::mutex reload_mutex;  // one load at a time
    FileStamp last_loaded;    // the file as the last load found it, under reload_mutex

    std::shared_ptr<const Generation> current() const {
        std::lock_guard lock(current_mutex);
        return current_;
    }
    /// Makes `next` current; returns the generation it replaces.
    std::shared_ptr<const Generation> swap(std::shared_ptr<const Generation> next) {
        std::lock_guard lock(current_mutex);
        ++generation;
        return std::exchange(current_, std::move(next));
    }

private:
    mutable std::mutex current_mutex;
    std::shared_ptr<const Generation> current_;
};

}  // namespace rpcforge::detail

namespace rpcforge {

using detail::Generation;

namespace {

json forward(const detail::ReloadState& state, std::size_t index, const json& params, CallContext& context);

}  // namespace

ReloadableService::ReloadableService(std::filesystem::path library, ReloadableServiceOptions options)
    : library_(std::move(library)), options_(std::move(options)), state_(std::make_shared<detail::ReloadState>()) {
    state_->last_loaded = detail::stamp_of(library_);
    auto first = std::make_shared<const Generation>(detail::LoadedModule::load(library_, options_.copy_directory),
                                                    state_->loaded);
    state_->shape = detail::shape_of(first->binding(), library_);
    auto sorted = state_->shape;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    auto twice = std::adjacent_find(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name == b.name; });
    if (twice != sorted.end())
        throw ReloadError("cannot load service module " + library_.string() + ": method '" + twice->name + "' is bound twice");
    state_->swap(std::move(first));
}

ReloadableService::~ReloadableService() { stop_watching(); }

void ReloadableService::add_to(Dispatcher& dispatcher) const {
    for (std::size_t i = 0; i < state_->shape.size(); ++i) {
        // The handlers share the state, not this object, so a call still running when the
        // service is destroyed finishes on the code it started on.
        auto handler = [state = state_, i](const json& params, CallContext& context) {
            return forward(*state, i, params, context);
        };
        if (state_->shape[i].is_notification)
            dispatcher.add_untyped_notification(state_->shape[i].name, std::move(handler));
        else
            dispatcher.add_untyped(state_->shape[i].name, std::move(handler));
    }
    // What rpc.discover answers follows the reloads: each build describes itself.
    if (!state_->current()->binding().description().is_null())
        dispatcher.add_description([state = state_] { return state->current()->description(); });
}

void ReloadableService::reload() {
    std::lock_guard lock(state_->reload_mutex);
    // Taken before the copy: should the file change in between, a watch loads it again. Taken
    // whether the load works or not, so that a watch tries each version of the file once.
    state_->last_loaded = detail::stamp_of(library_);
    auto next = std::make_shared<const Generation>(detail::LoadedModule::load(library_, options_.copy_directory),
                                                   state_->loaded);
    auto shape = detail::shape_of(next->binding(), library_);
    if (shape != state_->shape)
        throw ReloadError("cannot load service module " + library_.string() +
                          ": its methods differ from those being served (a running server cannot add, remove or "
                          "change methods; restart it for that)");
    auto previous = state_->swap(std::move(next));
    // Unloads here unless calls still run on it; the last of them unloads it then.
    previous.reset();
}

void ReloadableService::watch(WatchOptions options) {
    if (options.interval <= std::chrono::milliseconds(0)) throw std::invalid_argument("watch interval must be positive");
    stop_watching();
    auto last_loaded = [state = state_.get()] {
        std::lock_guard lock(state->reload_mutex);
        return state->last_loaded;
    };
    watcher_ = std::make_unique<detail::FileWatcher>(library_, std::move(options), last_loaded, [this] { reload(); });
}

void ReloadableService::stop_watching() { watcher_.reset(); }

std::uint64_t ReloadableService::generation() const { return state_->generation.load(); }

std::size_t ReloadableService::loaded_libraries() const { return state_->loaded->load(); }

std::vector<std::string> ReloadableService::methods() const {
    std::vector<std::string> names;
    for (const auto& method : state_->shape) names.push_back(method.name);
    return names;
}

namespace {

json forward(const detail::ReloadState& state, std::size_t index, const json& params, CallContext& context) {
    auto generation = state.current();
    detail::ModuleCallOutcome outcome = generation->call(index, params, context);
    // May unload the library (when a reload replaced it meanwhile): nothing of its code is
    // referred to any more.
    generation.reset();
    if (outcome.error) std::rethrow_exception(outcome.error);
    return std::move(outcome.result);
}

}  // namespace

}  // namespace rpcforge
