#include <rpcforge/error.hpp>

#include <cstdint>
#include <limits>

namespace rpcforge {

json Error::to_json() const {
    json object = {{"code", code_}, {"message", message_}};
    if (!data_.is_null()) object["data"] = data_;
    return object;
}

namespace {

bool fits_int(const json& code) {
    if (code.is_number_unsigned()) return code.get<std::uint64_t>() <= std::numeric_limits<int>::max();
    auto value = code.get<std::int64_t>();
    return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
}

}  // namespace

Error Error::from_json(const json& object) {
    auto code = object.find("code");
    auto message = object.find("message");
    // A code beyond int is malformed, not cut to its low bits (4294968297 would read as 1001).
    if (!object.is_object() || code == object.end() || !code->is_number_integer() || message == object.end() ||
        !message->is_string() || !fits_int(*code))
        return Error(error_code::internal_error, "malformed error object in answer", object);
    auto data = object.find("data");
    return Error(code->get<int>(), message->get<std::string>(), data == object.end() ? json(nullptr) : *data);
}

}  // namespace rpcforge
