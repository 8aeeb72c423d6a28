#include <rpcforge/generated_calls.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace rpcforge::generated {

Args::Args(ParamStructure structure)
    : params_(structure == ParamStructure::by_position ? json::array() : json::object()) {}

void Args::put(std::string_view name, json value) {
    if (params_.is_array()) {
        params_.push_back(std::move(value));
        given_ = params_.size();
    } else {
        params_[std::string(name)] = std::move(value);
    }
}

json Args::take() {
    if (params_.is_array()) params_.erase(params_.begin() + static_cast<std::ptrdiff_t>(given_), params_.end());
    return std::move(params_);
}

void TypedBatch::send(Channel& channel, const CallOptions& options) {
    if (batch_.entries().empty()) return;
    auto answers = channel.send_batch(batch_, options);
    for (std::size_t i = 0; i < answers.size() && i < slots_.size(); ++i) *slots_[i] = std::move(answers[i]);
}

void TypedBatch::check_sent(const std::future<json>& slot) {
    if (!slot.valid()) throw std::logic_error("the batch was not sent: call send() before reading its results");
}

}  // namespace rpcforge::generated
