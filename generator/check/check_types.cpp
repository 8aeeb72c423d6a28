// Types: references that name declared types, well-formed enums and variants.

#include "check/check_parts.hpp"

#include <algorithm>
#include <vector>

namespace rpcforge::check::detail {

namespace {

using model::Type;

/// Reports named types in `type` that name nothing, and malformed types (a frontend's bug,
/// but one the emitters must not meet).
void check_type(const Type& type, const model::TypeTable& types, const std::string& what,
                const model::SourceLocation& location, diagnostics::Sink& sink) {
    bool composite =
        type.kind == Type::Kind::array || type.kind == Type::Kind::map || type.kind == Type::Kind::optional;
    if (type.args.size() != (composite ? 1u : 0u) || (type.kind == Type::Kind::named) == type.name.empty()) {
        sink.error(location, what + " has a malformed type");
        return;
    }
    if (type.kind == Type::Kind::named && !types.find(type.name)) {
        sink.error(location, what + " refers to '" + type.name + "', which is not a declared type");
    }
    for (const auto& arg : type.args) check_type(arg, types, what, location, sink);
}

/// The codec writes the discriminator property into the alternative's JSON object, so the
/// alternative must be a struct; a field of that name, if the struct has one, holds a string.
void check_discriminated_alternative(const model::Variant& variant, std::size_t i, const model::TypeTable& types,
                                     diagnostics::Sink& sink) {
    const Type& alternative = variant.alternatives[i];
    std::string what = "alternative " + std::to_string(i + 1) + " of variant '" + variant.name.wire + "'";
    const auto* declaration = alternative.kind == Type::Kind::named ? types.find(alternative.name) : nullptr;
    const auto* target = declaration ? std::get_if<model::Struct>(declaration) : nullptr;
    if (!target) {
        sink.error(variant.location, what + " is not a struct, so it cannot carry the discriminator property '" +
                                         *variant.discriminator + "'");
        return;
    }
    for (const auto& field : target->fields) {
        if (field.name.wire != *variant.discriminator) continue;
        const auto* field_type = field.type.kind == Type::Kind::named ? types.find(field.type.name) : nullptr;
        bool textual =
            field.type.kind == Type::Kind::string || (field_type && std::holds_alternative<model::Enum>(*field_type));
        if (!textual) {
            sink.error(field.location, "field '" + field.name.wire + "' of struct '" + target->name.wire +
                                           "' is the discriminator of variant '" + variant.name.wire +
                                           "' but is not a string");
        }
    }
}

void check_variant(const model::Variant& variant, const model::TypeTable& types, diagnostics::Sink& sink) {
    std::string what = "variant '" + variant.name.wire + "'";
    for (std::size_t i = 0; i < variant.alternatives.size(); ++i) {
        check_type(variant.alternatives[i], types, "alternative " + std::to_string(i + 1) + " of " + what,
                   variant.location, sink);
        for (std::size_t j = 0; j < i; ++j) {
            if (variant.alternatives[j] != variant.alternatives[i]) continue;
            sink.error(variant.location, "alternatives " + std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                                             " of " + what + " are both " + model::type_text(variant.alternatives[i]));
        }
    }
    if (variant.alternatives.size() < 2) sink.error(variant.location, what + " needs at least two alternatives");
    if (!variant.discriminator) return;
    if (variant.discriminator_values.size() != variant.alternatives.size()) {
        sink.error(variant.location, what + " has " + std::to_string(variant.discriminator_values.size()) +
                                         " discriminator values for " + std::to_string(variant.alternatives.size()) +
                                         " alternatives");
        return;
    }
    for (std::size_t i = 0; i < variant.alternatives.size(); ++i) {
        check_discriminated_alternative(variant, i, types, sink);
        for (std::size_t j = 0; j < i; ++j) {
            if (variant.discriminator_values[j] != variant.discriminator_values[i]) continue;
            sink.error(variant.location, "alternatives " + std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                                             " of " + what + " have the same discriminator value '" +
                                             variant.discriminator_values[i] + "'");
        }
    }
}

void check_declarations(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink) {
    for (const auto& declaration : service.types) {
        if (const auto* s = std::get_if<model::Struct>(&declaration)) {
            for (const auto& field : s->fields) {
                check_type(field.type, types, "field '" + field.name.wire + "' of struct '" + s->name.wire + "'",
                           field.location, sink);
            }
        } else if (const auto* e = std::get_if<model::Enum>(&declaration)) {
            if (e->values.empty()) sink.error(e->location, "enum '" + e->name.wire + "' has no values");
        } else {
            check_variant(std::get<model::Variant>(declaration), types, sink);
        }
    }
}

void check_method_types(const std::vector<model::Method>& methods, const char* kind, const model::TypeTable& types,
                        diagnostics::Sink& sink) {
    for (const auto& method : methods) {
        std::string what = std::string(kind) + " '" + method.name.wire + "'";
        for (const auto& param : method.params) {
            check_type(param.type, types, "parameter '" + param.name.wire + "' of " + what, param.location, sink);
        }
        if (method.result) check_type(*method.result, types, "the result of " + what, method.location, sink);
    }
}

}  // namespace

void check_types(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink) {
    check_declarations(service, types, sink);
    check_method_types(service.methods, "method", types, sink);
    check_method_types(service.callbacks, "callback", types, sink);
    for (const auto& error : service.errors) {
        if (error.data)
            check_type(*error.data, types, "the data of error '" + error.name.wire + "'", error.location, sink);
    }
}

}  // namespace rpcforge::check::detail
