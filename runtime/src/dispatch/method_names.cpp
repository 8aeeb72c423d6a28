#include "dispatch/method_names.hpp"

#include <mutex>
#include <unordered_set>

namespace rpcforge::detail {
namespace {

struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};

}  // namespace

const std::string* interned_method_name(std::string_view name) {
    static std::mutex mutex;
    // Never destroyed: a dispatcher may outlive static destruction. A node-based set keeps every
    // element where it was put.
    static auto* names = new std::unordered_set<std::string, NameHash, std::equal_to<>>();
    std::lock_guard lock(mutex);
    auto found = names->find(name);
    if (found == names->end()) found = names->emplace(name).first;
    return &*found;
}

}  // namespace rpcforge::detail
