#include "frontend/openrpc/openrpc.hpp"

#include "frontend/openrpc/embedded_schemas.hpp"
#include "frontend/openrpc/json_pointer.hpp"
#include "frontend/openrpc/json_source.hpp"
#include "frontend/openrpc/jsonrpcstub_mapper.hpp"
#include "frontend/openrpc/openrpc_mapper.hpp"
#include "frontend/openrpc/schema_validator.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace rpcforge::frontend::openrpc {

namespace {

/// Reports every violation of `schema`, and returns them.
std::vector<ValidationError> validate(const JsonDocument& document, std::string_view schema, diagnostics::Sink& sink) {
    SchemaValidator validator(Json::parse(schema));
    auto errors = validator.validate(document.root);
    for (const auto& error : errors) {
        sink.error(error.at_key ? document.at_key(error.pointer) : document.at(error.pointer), error.message);
    }
    return errors;
}

/// The part of an OpenRPC document a place is in, when that part can be left out of the
/// mapping on its own: a method, a callback, a component (schema, error, content descriptor,
/// rpcforge's members of an error). Nothing for a place outside all of them (info, the list of
/// methods itself, ...), whose problems leave nothing sound to map.
std::optional<std::string> part_holding(const std::string& pointer) {
    auto tokens = pointer_tokens(pointer);
    if (!tokens || tokens->size() < 2) return std::nullopt;
    const auto& top = (*tokens)[0];
    if (top == "methods" || top == "x-rpcforge-callbacks") return pointer_append("/" + top, (*tokens)[1]);
    static const std::set<std::string> sections{"schemas", "errors", "contentDescriptors", "x-rpcforge-errors"};
    if (top == "components" && tokens->size() >= 3 && sections.count((*tokens)[1]))
        return pointer_append(pointer_append("/components", (*tokens)[1]), (*tokens)[2]);
    return std::nullopt;
}

/// The parts holding `errors`; nothing when one of them is outside every part.
std::optional<std::set<std::string>> parts_holding(const std::vector<ValidationError>& errors) {
    std::set<std::string> parts;
    for (const auto& error : errors) {
        auto part = part_holding(error.pointer);
        if (!part) return std::nullopt;
        parts.insert(std::move(*part));
    }
    return parts;
}

}  // namespace

std::optional<model::Service> read_openrpc_text(std::string_view text, const std::string& file,
                                                diagnostics::Sink& sink) {
    auto document = read_json(text, file, sink);
    if (!document) return std::nullopt;
    const auto& root = document->root;
    if (root.is_array()) {
        if (!validate(*document, jsonrpcstub_input_schema(), sink).empty()) return std::nullopt;
        return map_jsonrpcstub(*document, std::filesystem::path(file).stem().string(), sink);
    }
    if (!root.is_object()) {
        sink.error(document->at(""),
                   "expected an OpenRPC document (an object) or a jsonrpcstub specification (an array)");
        return std::nullopt;
    }
    // A method or a component that breaks the schema is left out, and the rest mapped, so that
    // one run reports the problems of every part.
    auto invalid = parts_holding(validate(*document, openrpc_input_schema(), sink));
    if (!invalid) return std::nullopt;
    return map_openrpc(*document, sink, std::move(*invalid));
}

std::optional<model::Service> read_openrpc(const std::string& path, diagnostics::Sink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        sink.error({path, 0, 0, {}}, std::string("cannot open the file: ") + std::strerror(errno));
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        sink.error({path, 0, 0, {}}, std::string("cannot read the file: ") + std::strerror(errno));
        return std::nullopt;
    }
    return read_openrpc_text(text.str(), path, sink);
}

}  // namespace rpcforge::frontend::openrpc
