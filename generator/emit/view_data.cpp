#include "emit/view_data.hpp"

namespace rpcforge::emit {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

data flag(bool value) {
    return data(value ? data::type::bool_true : data::type::bool_false);
}

data strings(const std::vector<std::string>& values) {
    list out;
    for (const auto& value : values) out.emplace_back(value);
    return out;
}

template <class T, class F>
data items(const std::vector<T>& values, F&& convert) {
    list out;
    for (const auto& value : values) out.push_back(convert(value));
    return out;
}

data field_data(const FieldView& field) {
    data out;
    out.set("cpp_name", field.cpp_name);
    out.set("wire", field.wire);
    out.set("cpp_type", field.cpp_type);
    out.set("decode_type", field.decode_type);
    out.set("initializer", field.initializer);
    out.set("default_value", field.default_value);
    out.set("is_required", flag(field.is_required));
    out.set("is_optional", flag(field.is_optional));
    out.set("has_default", flag(field.has_default));
    out.set("doc", strings(field.doc));
    return out;
}

data struct_data(const StructView& view) {
    data out;
    out.set("is_struct", flag(true));
    out.set("is_enum", flag(false));
    out.set("is_variant", flag(false));
    out.set("cpp_name", view.cpp_name);
    out.set("cpp_type", view.cpp_type);
    out.set("wire", view.wire);
    out.set("doc", strings(view.doc));
    out.set("fields", items(view.fields, field_data));
    out.set("has_fields", flag(!view.fields.empty()));
    return out;
}

data variant_data(const VariantView& view) {
    data out;
    out.set("is_struct", flag(false));
    out.set("is_enum", flag(false));
    out.set("is_variant", flag(true));
    out.set("cpp_name", view.cpp_name);
    out.set("cpp_type", view.cpp_type);
    out.set("wire", view.wire);
    out.set("doc", strings(view.doc));
    out.set("base_type", view.base_type);
    out.set("alternatives", items(view.alternatives, [](const AlternativeView& alternative) {
        data item;
        item.set("cpp_type", alternative.cpp_type);
        item.set("decode_type", alternative.decode_type);
        item.set("discriminator_value", alternative.discriminator_value);
        item.set("is_last", flag(alternative.is_last));
        return item;
    }));
    out.set("is_discriminated", flag(view.is_discriminated));
    out.set("discriminator", view.discriminator);
    out.set("discriminator_values", view.discriminator_values);
    out.set("expected", view.expected);
    return out;
}

data enum_data(const EnumView& view) {
    data out;
    out.set("is_struct", flag(false));
    out.set("is_enum", flag(true));
    out.set("is_variant", flag(false));
    out.set("cpp_name", view.cpp_name);
    out.set("cpp_type", view.cpp_type);
    out.set("wire", view.wire);
    out.set("doc", strings(view.doc));
    out.set("values", items(view.values, [](const EnumValueView& value) {
        data item;
        item.set("cpp_name", value.cpp_name);
        item.set("qualified", value.qualified);
        item.set("wire", value.wire);
        item.set("is_last", flag(value.is_last));
        return item;
    }));
    return out;
}

data error_data(const ErrorView& view) {
    data out;
    out.set("cpp_name", view.cpp_name);
    out.set("code", view.code);
    out.set("message", view.message);
    out.set("doc", strings(view.doc));
    out.set("has_data", flag(view.has_data));
    out.set("data_type", view.data_type);
    out.set("data_param_type", view.data_param_type);
    return out;
}

data param_data(const ParamView& param) {
    data out;
    out.set("cpp_name", param.cpp_name);
    out.set("wire", param.wire);
    out.set("index", param.index);
    out.set("value_type", param.value_type);
    out.set("server_type", param.server_type);
    out.set("client_type", param.client_type);
    out.set("client_default", param.client_default);
    out.set("client_may_omit", flag(param.client_may_omit));
    out.set("default_value", param.default_value);
    out.set("is_required", flag(param.is_required));
    out.set("is_optional", flag(param.is_optional));
    out.set("has_default", flag(param.has_default));
    out.set("is_last", flag(param.is_last));
    return out;
}

data method_data(const MethodView& method) {
    data out;
    out.set("cpp_name", method.cpp_name);
    out.set("wire", method.wire);
    out.set("doc", strings(method.doc));
    out.set("is_notification", flag(method.is_notification));
    out.set("is_override", flag(method.is_override));
    out.set("takes_context", flag(method.takes_context));
    out.set("forwards_context", flag(method.forwards_context));
    out.set("cpp_result_type", method.cpp_result_type);
    out.set("is_async", flag(method.is_async));
    out.set("forwards_reply", flag(method.forwards_reply));
    out.set("cpp_return_type", method.cpp_return_type);
    out.set("reply_type", method.reply_type);
    out.set("reply_parameter", method.reply_parameter);
    out.set("reply_argument", method.reply_argument);
    out.set("params", items(method.params, param_data));
    out.set("has_params", flag(method.has_params));
    out.set("wire_names", method.wire_names);
    out.set("param_structure", method.param_structure);
    out.set("errors", items(method.errors, [](const std::string& name) {
        data item;
        item.set("error_class", name);
        return item;
    }));
    out.set("has_roles", flag(method.has_roles));
    out.set("roles", method.roles);
    out.set("aliases", items(method.aliases, [](const std::string& alias) {
        data item;
        item.set("alias", alias);
        return item;
    }));
    return out;
}

data group_data(const MethodGroupView& group) {
    data out;
    out.set("interface_name", group.interface_name);
    out.set("interface_type", group.interface_type);
    out.set("is_user_interface", flag(group.is_user_interface));
    out.set("receiver", group.receiver);
    out.set("client_name", group.client_name);
    out.set("batch_name", group.batch_name);
    out.set("doc", strings(group.doc));
    out.set("client_doc", strings(group.client_doc));
    out.set("methods", items(group.methods, method_data));
    out.set("has_calls", flag(group.has_calls));
    out.set("has_methods", flag(group.has_methods));
    return out;
}

}  // namespace

data to_data(const ServiceView& view) {
    data out;
    out.set("banner", view.banner);
    out.set("cpp_namespace", view.cpp_namespace);
    out.set("has_namespace", flag(view.has_namespace));
    out.set("codec_namespace", view.codec_namespace);
    out.set("types_header", view.types_header);
    out.set("server_header", view.server_header);
    out.set("client_header", view.client_header);
    out.set("std_includes", strings(view.std_includes));
    out.set("user_header", view.user_header);
    out.set("has_user_header", flag(!view.user_header.empty()));
    out.set("user_types", items(view.user_types, [](const UserTypeView& user_type) {
        return std::visit(
            [](const auto& type) {
                using View = std::decay_t<decltype(type)>;
                if constexpr (std::is_same_v<View, StructView>)
                    return struct_data(type);
                else if constexpr (std::is_same_v<View, EnumView>)
                    return enum_data(type);
                else
                    return variant_data(type);
            },
            user_type.type);
    }));
    out.set("has_user_types", flag(!view.user_types.empty()));
    out.set("enums", items(view.enums, enum_data));
    out.set("forward_declarations", strings(view.forward_declarations));
    out.set("has_forward_declarations", flag(!view.forward_declarations.empty()));
    out.set("definitions", items(view.definitions, [](const DefinitionView& definition) {
        return std::visit(
            [](const auto& type) {
                if constexpr (std::is_same_v<std::decay_t<decltype(type)>, StructView>)
                    return struct_data(type);
                else
                    return variant_data(type);
            },
            definition.type);
    }));
    out.set("errors", items(view.errors, error_data));
    out.set("service", group_data(view.service));
    out.set("callbacks", group_data(view.callbacks));
    out.set("has_callbacks", flag(view.has_callbacks));
    out.set("openrpc_variable", view.openrpc_variable);
    out.set("openrpc_literal", view.openrpc_literal);
    return out;
}

}  // namespace rpcforge::emit
