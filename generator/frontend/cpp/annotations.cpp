#include "frontend/cpp/annotations.hpp"

#include <clang/AST/Attr.h>

namespace rpcforge::frontend::cpp {
namespace {

constexpr std::string_view prefix = "rpcforge:";

/// "name:stats.get" -> "stats.get" when `text` starts with `key` and a colon.
std::optional<std::string> value_of(std::string_view text, std::string_view key) {
    if (text.size() <= key.size() || text.substr(0, key.size()) != key || text[key.size()] != ':') return std::nullopt;
    return std::string(text.substr(key.size() + 1));
}

void read_one(std::string_view text, Annotations& out) {
    if (text == "service") {
        out.service = true;
    } else if (text == "callbacks") {
        out.callbacks = true;
    } else if (text == "method") {
        out.method = true;
    } else if (text == "notification") {
        out.notification = true;
    } else if (text == "idempotent") {
        out.idempotent = true;
    } else if (text == "subscription") {
        out.subscription = true;
    } else if (auto version = value_of(text, "version")) {
        out.version = std::move(version);
    } else if (auto name = value_of(text, "name")) {
        out.wire_name = std::move(name);
    } else if (auto alias = value_of(text, "alias")) {
        out.aliases.push_back(std::move(*alias));
    } else if (auto role = value_of(text, "role")) {
        out.roles.push_back(std::move(*role));
    } else if (auto doc = value_of(text, "doc")) {
        out.doc = std::move(doc);
    } else {
        out.unknown.emplace_back(text);
    }
}

}  // namespace

Annotations read_annotations(const clang::Decl& decl) {
    Annotations out;
    for (const auto* attribute : decl.specific_attrs<clang::AnnotateAttr>()) {
        std::string_view text(attribute->getAnnotation().data(), attribute->getAnnotation().size());
        if (text.substr(0, prefix.size()) == prefix) read_one(text.substr(prefix.size()), out);
    }
    return out;
}

}  // namespace rpcforge::frontend::cpp
