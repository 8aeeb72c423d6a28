#pragma once
// What the mapping of one document to a model shares: the document with its places, the
// sink, the service being built and its type names.

#include "diagnostics/diagnostics.hpp"
#include "frontend/openrpc/json_source.hpp"
#include "frontend/openrpc/naming.hpp"
#include "model/model.hpp"

#include <set>
#include <string>

namespace rpcforge::frontend::openrpc {

struct MappingContext {
    const JsonDocument& document;
    diagnostics::Sink& sink;
    model::Service& service;
    NamingRules naming;
    TypeNames names;
    /// The parts of the document (a method, a callback, a component) that failed validation,
    /// by pointer: the mapping passes them by, and what refers to them, without a word (their
    /// problems are reported already), so that the rest of the document is still mapped.
    std::set<std::string> invalid_parts;

    bool is_invalid(const std::string& pointer) const { return invalid_parts.count(pointer) > 0; }

    /// An error about the value at `pointer`.
    void error(const std::string& pointer, std::string message) const {
        sink.error(document.at(pointer), std::move(message));
    }
    /// An error about the key of the member at `pointer` (a keyword that is not supported).
    void error_at_key(const std::string& pointer, std::string message) const {
        sink.error(document.at_key(pointer), std::move(message));
    }
    /// The value at `pointer`; nullptr when there is none.
    const Json* find(const std::string& pointer) const;
};

/// `object[key]` when `object` is an object that has it, else nullptr.
const Json* member(const Json& object, const std::string& key);
/// `object[key]` as a string, or "" when it is absent or not a string.
std::string string_member(const Json& object, const std::string& key);

}  // namespace rpcforge::frontend::openrpc
