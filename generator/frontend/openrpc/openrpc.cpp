#include "frontend/openrpc/openrpc.hpp"

#include "frontend/openrpc/embedded_schemas.hpp"
#include "frontend/openrpc/json_source.hpp"
#include "frontend/openrpc/jsonrpcstub_mapper.hpp"
#include "frontend/openrpc/openrpc_mapper.hpp"
#include "frontend/openrpc/schema_validator.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rpcforge::frontend::openrpc {

namespace {

/// Reports every violation of `schema`; true when there was none.
bool validate(const JsonDocument& document, std::string_view schema, diagnostics::Sink& sink) {
    SchemaValidator validator(Json::parse(schema));
    auto errors = validator.validate(document.root);
    for (const auto& error : errors) {
        sink.error(error.at_key ? document.at_key(error.pointer) : document.at(error.pointer), error.message);
    }
    return errors.empty();
}

}  // namespace

model::Service read_openrpc_text(std::string_view text, const std::string& file, diagnostics::Sink& sink) {
    auto document = read_json(text, file, sink);
    if (!document) return {};
    const auto& root = document->root;
    if (root.is_array()) {
        if (!validate(*document, jsonrpcstub_input_schema(), sink)) return {};
        return map_jsonrpcstub(*document, std::filesystem::path(file).stem().string(), sink);
    }
    if (!root.is_object()) {
        sink.error(document->at(""),
                   "expected an OpenRPC document (an object) or a jsonrpcstub specification (an array)");
        return {};
    }
    if (!validate(*document, openrpc_input_schema(), sink)) return {};
    return map_openrpc(*document, sink);
}

model::Service read_openrpc(const std::string& path, diagnostics::Sink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        sink.error({path, 0, 0, {}}, std::string("cannot open the file: ") + std::strerror(errno));
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        sink.error({path, 0, 0, {}}, std::string("cannot read the file: ") + std::strerror(errno));
        return {};
    }
    return read_openrpc_text(text.str(), path, sink);
}

}  // namespace rpcforge::frontend::openrpc
