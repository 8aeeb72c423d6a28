#include <rpcforge/protocol.hpp>

#include <string>

namespace rpcforge {
namespace {

Invalid invalid_request(json id, std::string detail) {
    return Invalid{std::move(id), Error(error_code::invalid_request, "Invalid Request", std::move(detail))};
}

/// Compares as text: `json == "2.0"` would first make a JSON string of "2.0" on the heap.
bool is_version_2(const json& jsonrpc) {
    return jsonrpc.is_string() && jsonrpc.get_ref<const std::string&>() == "2.0";
}

bool is_valid_id(const json& id) { return id.is_string() || id.is_number() || id.is_null(); }

/// The id to echo in an error answer: the message's own when it is a legal id, else null.
json echoable_id(const json& message) {
    auto id = message.find("id");
    return id != message.end() && is_valid_id(*id) ? *id : json(nullptr);
}

Message classify_request(json& message, const ProtocolOptions& options) {
    Request request;
    auto jsonrpc = message.find("jsonrpc");
    if (jsonrpc != message.end()) {
        if (!is_version_2(*jsonrpc)) return invalid_request(echoable_id(message), "\"jsonrpc\" must be \"2.0\"");
    } else if (options.accept_v1) {
        request.version = Version::v1;
    } else {
        return invalid_request(echoable_id(message), "missing \"jsonrpc\": \"2.0\"");
    }

    auto id = message.find("id");
    if (id != message.end() && !is_valid_id(*id))
        return invalid_request(nullptr, "\"id\" must be a string, a number or null");
    // In 2.0 a request without "id" is a notification; in 1.0 one whose id is null.
    request.is_notification = request.version == Version::v2 ? id == message.end() : id == message.end() || id->is_null();
    if (id != message.end()) request.id = std::move(*id);

    auto method = message.find("method");
    if (!method->is_string()) return invalid_request(request.id, "\"method\" must be a string");
    request.method = std::move(method->get_ref<std::string&>());

    auto params = message.find("params");
    if (params != message.end()) {
        bool structured = params->is_array() || (params->is_object() && request.version == Version::v2);
        if (!structured) return invalid_request(request.id, "\"params\" must be an array or an object");
        request.params = std::move(*params);
    }
    return request;
}

Message classify_response(json& message) {
    Response response;
    response.id = echoable_id(message);
    auto error = message.find("error");
    if (error != message.end() && !error->is_null()) {
        response.error = Error::from_json(*error);
    } else if (auto result = message.find("result"); result != message.end()) {
        response.result = std::move(*result);
    }
    return response;
}

/// The members of an object, to add to it. Messages are built member by member: nlohmann's
/// initializer-list constructor makes each member a two-element array first (an array and a
/// key string per member, then converted), which is most of the cost of a small answer.
json::object_t& members_of(json& object) { return object.get_ref<json::object_t&>(); }

Message classify_one(json& message, const ProtocolOptions& options) {
    if (!message.is_object()) return invalid_request(nullptr, "a message must be an object");
    if (message.contains("method")) return classify_request(message, options);
    if (message.contains("result") || message.contains("error")) return classify_response(message);
    return invalid_request(echoable_id(message), "a message needs \"method\", \"result\" or \"error\"");
}

}  // namespace

Incoming classify(json message, const ProtocolOptions& options) {
    Incoming incoming;
    if (!message.is_array()) {
        incoming.messages.push_back(classify_one(message, options));
        return incoming;
    }
    // Errors about the batch as a whole are one answer, not an array (specification, section 6).
    if (message.empty()) {
        incoming.messages.push_back(invalid_request(nullptr, "empty batch"));
        return incoming;
    }
    if (message.size() > options.limits.max_batch) {
        incoming.messages.push_back(invalid_request(nullptr, "batch of " + std::to_string(message.size()) +
                                                                 " exceeds the limit of " +
                                                                 std::to_string(options.limits.max_batch)));
        return incoming;
    }
    incoming.is_batch = true;
    incoming.messages.reserve(message.size());
    for (auto& item : message) incoming.messages.push_back(classify_one(item, options));
    return incoming;
}

json make_result(const json& id, json result, Version version) {
    json answer = json::object();
    auto& members = members_of(answer);
    if (version == Version::v1)
        members.emplace("error", nullptr);
    else
        members.emplace("jsonrpc", "2.0");
    members.emplace("result", std::move(result));
    members.emplace("id", id);
    return answer;
}

json make_error(const json& id, const Error& error, Version version) {
    json answer = json::object();
    auto& members = members_of(answer);
    if (version == Version::v1)
        members.emplace("result", nullptr);
    else
        members.emplace("jsonrpc", "2.0");
    members.emplace("error", error.to_json());
    members.emplace("id", id);
    return answer;
}

json make_request(const std::string& method, json params, json id) {
    json request = make_notification(method, std::move(params));
    members_of(request).emplace("id", std::move(id));
    return request;
}

json make_notification(const std::string& method, json params) {
    json notification = json::object();
    auto& members = members_of(notification);
    members.emplace("jsonrpc", "2.0");
    members.emplace("method", method);
    if (!params.is_null()) members.emplace("params", std::move(params));
    return notification;
}

}  // namespace rpcforge
