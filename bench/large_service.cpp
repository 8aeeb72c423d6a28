#include "large_service.hpp"

namespace rpcforge::bench {
namespace {

std::string type_name(int index) { return "Type" + std::to_string(index); }

nlohmann::json ref(int index) { return {{"$ref", "#/components/schemas/" + type_name(index)}}; }

bool is_enum(int index) { return index % 5 == 4; }

nlohmann::json enum_schema() {
    return {{"type", "string"}, {"enum", {"first", "second", "third", "fourth"}}};
}

/// Refers only to earlier types, so the document has no unintended cycles; index 0 refers to
/// itself through an array, a recursive type like a tree's children.
nlohmann::json struct_schema(int index) {
    nlohmann::json properties = {
        {"id", {{"type", "integer"}, {"format", "int64"}}},
        {"name", {{"type", "string"}}},
        {"score", {{"type", "number"}}},
        {"active", {{"type", "boolean"}}},
        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"counts", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}, {"format", "int32"}}}}},
        {"note", {{"type", {"string", "null"}}}},
    };
    if (index == 0) properties["children"] = {{"type", "array"}, {"items", ref(0)}};
    if (index > 0) properties["parent"] = ref(index - 1);
    if (index > 1) properties["sibling"] = {{"type", "array"}, {"items", ref(index / 2)}};
    return {{"type", "object"}, {"properties", properties}, {"required", {"id", "name"}}};
}

nlohmann::json method(int index, int types) {
    auto param_type = [&](int offset) { return ref((index * 7 + offset) % types); };
    int result_type = index % types;
    if (is_enum(result_type)) --result_type;
    return {
        {"name", "service.method_" + std::to_string(index)},
        {"summary", "Method number " + std::to_string(index) + "."},
        {"params",
         {{{"name", "first"}, {"required", true}, {"schema", param_type(0)}},
          {{"name", "second"}, {"required", true}, {"schema", param_type(1)}},
          {{"name", "limit"}, {"schema", {{"type", "integer"}, {"format", "uint32"}, {"default", 10}}}}}},
        {"result", {{"name", "result"}, {"schema", ref(result_type)}}},
    };
}

}  // namespace

nlohmann::json large_service(int methods, int types) {
    nlohmann::json schemas = nlohmann::json::object();
    for (int i = 0; i < types; ++i) schemas[type_name(i)] = is_enum(i) ? enum_schema() : struct_schema(i);
    nlohmann::json method_list = nlohmann::json::array();
    for (int i = 0; i < methods; ++i) method_list.push_back(method(i, types));
    return {
        {"openrpc", "1.3.2"},
        {"info", {{"title", "Large"}, {"version", "1.0.0"}}},
        {"methods", method_list},
        {"components", {{"schemas", schemas}}},
    };
}

}  // namespace rpcforge::bench
