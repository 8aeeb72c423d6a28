#include <rpcforge/error.hpp>

namespace rpcforge {

json Error::to_json() const {
    json object = {{"code", code_}, {"message", message_}};
    if (!data_.is_null()) object["data"] = data_;
    return object;
}

Error Error::from_json(const json& object) {
    auto code = object.find("code");
    auto message = object.find("message");
    if (!object.is_object() || code == object.end() || !code->is_number_integer() || message == object.end() ||
        !message->is_string())
        return Error(error_code::internal_error, "malformed error object in answer", object);
    auto data = object.find("data");
    return Error(code->get<int>(), message->get<std::string>(), data == object.end() ? json(nullptr) : *data);
}

}  // namespace rpcforge
