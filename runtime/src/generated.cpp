#include <rpcforge/generated.hpp>

#include <stdexcept>

namespace rpcforge {

ServiceBinding& ServiceBinding::add(std::string name, Dispatcher::Handler handler) {
    methods_.push_back({std::move(name), std::move(handler), nullptr, false, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_notification(std::string name, Dispatcher::Handler handler) {
    methods_.push_back({std::move(name), std::move(handler), nullptr, true, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_async(std::string name, Dispatcher::AsyncHandler handler) {
    methods_.push_back({std::move(name), nullptr, std::move(handler), false, {}});
    return *this;
}

ServiceBinding& ServiceBinding::add_async_notification(std::string name, Dispatcher::AsyncHandler handler) {
    methods_.push_back({std::move(name), nullptr, std::move(handler), true, {}});
    return *this;
}

ServiceBinding& ServiceBinding::alias(std::string name, const std::string& of) {
    for (const auto& method : methods_) {
        if (method.name != of) continue;
        Method copy = method;
        copy.name = std::move(name);
        methods_.push_back(std::move(copy));
        return *this;
    }
    throw std::invalid_argument("alias '" + name + "' of unknown method '" + of + "'");
}

ServiceBinding& ServiceBinding::require_roles(const std::string& of, std::vector<std::string> roles) {
    for (auto& method : methods_) {
        if (method.name != of) continue;
        method.roles = std::move(roles);
        return *this;
    }
    throw std::invalid_argument("roles for unknown method '" + of + "'");
}

ServiceBinding& ServiceBinding::describe(json document) {
    description_ = std::move(document);
    return *this;
}

void ServiceBinding::add_to(Dispatcher& dispatcher) const {
    for (const auto& method : methods_) {
        if (method.async_handler && method.is_notification)
            dispatcher.add_async_notification(method.name, method.async_handler);
        else if (method.async_handler)
            dispatcher.add_async(method.name, method.async_handler);
        else if (method.is_notification)
            dispatcher.add_untyped_notification(method.name, method.handler);
        else
            dispatcher.add_untyped(method.name, method.handler);
        if (!method.roles.empty()) dispatcher.require_roles(method.name, method.roles);
    }
    if (!description_.is_null()) dispatcher.add_description([document = description_] { return document; });
}

namespace generated {

namespace {

std::string quoted_list(const std::vector<std::string_view>& values) {
    std::string out;
    for (const auto& value : values) out += (out.empty() ? "\"" : ", \"") + std::string(value) + "\"";
    return out;
}

}  // namespace

std::string field_path(const std::string& where, std::string_view name) {
    return where.empty() ? std::string(name) : where + "." + std::string(name);
}

void expect_object(const json& in, const std::string& where) {
    if (!in.is_object()) rpcforge::detail::conversion_failed(where, "an object", in);
}

const json* find_field(const json& in, std::string_view name) {
    auto it = in.find(name);
    return it == in.end() ? nullptr : &*it;
}

void unknown_enum_value(const json& in, const std::string& where, const std::vector<std::string_view>& known) {
    if (!in.is_string()) rpcforge::detail::conversion_failed(where, "a string", in);
    throw ConversionError(where, "must be one of " + quoted_list(known) + ", got " + in.dump());
}

std::string discriminator(const json& in, const std::string& where, std::string_view property) {
    expect_object(in, where);
    const json* value = find_field(in, property);
    if (value == nullptr) throw ConversionError(field_path(where, property), "is missing");
    if (!value->is_string()) rpcforge::detail::conversion_failed(field_path(where, property), "a string", *value);
    return value->get<std::string>();
}

void unknown_discriminator(const std::string& where, std::string_view property, const std::string& value,
                           std::initializer_list<std::string_view> known) {
    throw ConversionError(field_path(where, property),
                          "must be one of " + quoted_list({known.begin(), known.end()}) + ", got " + json(value).dump());
}

void no_alternative(const json& in, const std::string& where, std::string_view expected) {
    throw ConversionError(where, "must be " + std::string(expected) + ", got " + rpcforge::detail::json_kind(in));
}

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

}  // namespace generated

}  // namespace rpcforge
