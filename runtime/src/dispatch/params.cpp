#include <rpcforge/params.hpp>

#include <rpcforge/error.hpp>

#include <algorithm>
#include <string>

namespace rpcforge {

namespace {

Error invalid_params(const std::string& problem) {
    return Error(error_code::invalid_params, "Invalid params: " + problem);
}

}  // namespace

Params::Params(const json& params, std::span<const std::string_view> names, ParamStructure structure)
    : params_(params) {
    if (structure == ParamStructure::by_name && params.is_array() && !params.empty())
        throw invalid_params("expected parameters by name, got an array");
    if (structure == ParamStructure::by_position && params.is_object() && !params.empty())
        throw invalid_params("expected parameters by position, got an object");
    if (params.is_array() && params.size() > names.size())
        throw invalid_params("expected at most " + std::to_string(names.size()) + " parameters, got " +
                             std::to_string(params.size()));
    if (!params.is_object()) return;
    for (const auto& item : params.items()) {
        if (std::find(names.begin(), names.end(), item.key()) == names.end())
            throw invalid_params("unknown parameter '" + item.key() + "'");
    }
}

const json* Params::find(std::size_t index, const char* name) const {
    if (params_.is_array()) return index < params_.size() ? &params_[index] : nullptr;
    if (!params_.is_object()) return nullptr;
    auto it = params_.find(std::string_view(name));
    return it == params_.end() ? nullptr : &*it;
}

void expect_no_params(const json& params) {
    static_cast<void>(Params(params, {}, ParamStructure::either));
}

}  // namespace rpcforge
