#include "frontend/openrpc/jsonrpcstub_mapper.hpp"

#include "frontend/openrpc/json_pointer.hpp"
#include "frontend/openrpc/mapping_context.hpp"

#include <limits>

namespace rpcforge::frontend::openrpc {

namespace {

using model::Type;

/// Every parameter of an example is required: the example has it.
model::Param make_param(const std::string& wire, Type type, model::SourceLocation location) {
    model::Param param;
    param.name = value_name(wire);
    param.type = std::move(type);
    param.location = std::move(location);
    return param;
}

class StubMapper {
public:
    explicit StubMapper(MappingContext& context) : context_(context) {}

    model::Method map_procedure(const Json& procedure, const std::string& pointer);

private:
    void map_params(const Json& params, const std::string& pointer, const std::string& prefix, model::Method& method);
    Type infer(const Json& example, const std::string& pointer, const std::string& name);
    Type infer_struct(const Json& example, const std::string& pointer, const std::string& name);

    MappingContext& context_;
};

model::Method StubMapper::map_procedure(const Json& procedure, const std::string& pointer) {
    model::Method method;
    method.name = value_name(string_member(procedure, "name"));
    method.location = context_.document.at(pointer);
    std::string prefix = type_identifier(method.name.wire);
    if (const Json* params = member(procedure, "params")) {
        map_params(*params, pointer_append(pointer, "params"), prefix, method);
    }
    if (const Json* returns = member(procedure, "returns")) {
        method.result = infer(*returns, pointer_append(pointer, "returns"), prefix + "Result");
    }
    return method;
}

void StubMapper::map_params(const Json& params, const std::string& pointer, const std::string& prefix,
                            model::Method& method) {
    if (params.is_array()) {
        method.param_structure = model::ParamStructure::by_position;
        for (std::size_t i = 0; i < params.size(); ++i) {
            std::string name = "param" + std::to_string(i + 1);
            std::string at = pointer_append(pointer, i);
            method.params.push_back(
                make_param(name, infer(params[i], at, prefix + type_identifier(name)), context_.document.at(at)));
        }
        return;
    }
    method.param_structure = model::ParamStructure::by_name;
    for (const auto& [key, example] : params.items()) {
        std::string at = pointer_append(pointer, key);
        method.params.push_back(
            make_param(key, infer(example, at, prefix + type_identifier(key)), context_.document.at_key(at)));
    }
}

Type StubMapper::infer(const Json& example, const std::string& pointer, const std::string& name) {
    switch (example.type()) {
        case Json::value_t::boolean: return Type::of(Type::Kind::boolean);
        case Json::value_t::number_integer: return Type::of(Type::Kind::int64);
        case Json::value_t::number_unsigned:
            // Only an example beyond int64 says the value is unsigned.
            return Type::of(example.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()
                                ? Type::Kind::uint64
                                : Type::Kind::int64);
        case Json::value_t::number_float: return Type::of(Type::Kind::number);
        case Json::value_t::string: return Type::of(Type::Kind::string);
        case Json::value_t::array:
            if (example.empty()) return Type::array_of(Type::of(Type::Kind::json));
            return Type::array_of(infer(example[0], pointer_append(pointer, 0), name + "Item"));
        case Json::value_t::object: return infer_struct(example, pointer, name);
        default: return Type::of(Type::Kind::json);
    }
}

Type StubMapper::infer_struct(const Json& example, const std::string& pointer, const std::string& name) {
    std::string unique = context_.names.unique(name);
    std::size_t index = context_.service.types.size();
    context_.service.types.push_back(model::Struct{{unique, unique}, {}, {}, {}, context_.document.at_key(pointer)});
    std::vector<model::Field> fields;
    for (const auto& [key, value] : example.items()) {
        std::string at = pointer_append(pointer, key);
        model::Field field;
        field.name = value_name(key);
        field.type = infer(value, at, unique + type_identifier(key));
        field.location = context_.document.at_key(at);
        fields.push_back(std::move(field));
    }
    std::get<model::Struct>(context_.service.types[index]).fields = std::move(fields);
    return Type::named_type(unique);
}

}  // namespace

model::Service map_jsonrpcstub(const JsonDocument& document, const std::string& service_name, diagnostics::Sink& sink) {
    model::Service service;
    service.name = type_name(service_name);
    service.title = service_name;
    service.location = document.at("");
    MappingContext context{document, sink, service, {}, {}, {}};
    context.names.reserve(service.name.cpp);
    context.names.reserve(service.name.cpp + "Client");
    StubMapper mapper(context);
    for (std::size_t i = 0; i < document.root.size(); ++i) {
        service.methods.push_back(mapper.map_procedure(document.root[i], pointer_append("", i)));
    }
    return service;
}

}  // namespace rpcforge::frontend::openrpc
