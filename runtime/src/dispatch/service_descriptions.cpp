#include "dispatch/service_descriptions.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace rpcforge::detail {

namespace {

/// The name a service goes by in renamed components: its x-rpcforge-service, else its title
/// made an identifier.
std::string service_prefix(const json& document, std::size_t position) {
    const json& info = document.contains("info") ? document["info"] : json::object();
    std::string name = info.value("x-rpcforge-service", info.value("title", ""));
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name.empty() ? "service" + std::to_string(position + 1) : name;
}

/// Points every $ref at `from` (or inside it) to `to` instead.
void redirect_refs(json& value, const std::string& from, const std::string& to) {
    if (value.is_array()) {
        for (auto& element : value) redirect_refs(element, from, to);
        return;
    }
    if (!value.is_object()) return;
    for (auto& [key, member] : value.items()) {
        if (key == "$ref" && member.is_string()) {
            const auto& ref = member.get_ref<const std::string&>();
            if (ref == from || ref.starts_with(from + "/")) member = to + ref.substr(from.size());
        } else {
            redirect_refs(member, from, to);
        }
    }
}

std::string free_name(const json& merged_section, const json& own_section, const std::string& wanted) {
    std::string name = wanted;
    for (int n = 2; merged_section.contains(name) || own_section.contains(name); ++n) name = wanted + "_" + std::to_string(n);
    return name;
}

/// Renames the components of `document` that `merged` holds under the same name with another
/// value, until none is left: a rename changes the $refs of the components that use it, which
/// may make them differ in turn.
void rename_clashing_components(json& document, const json& merged, const std::string& prefix) {
    if (!document.contains("components") || !document["components"].is_object()) return;
    for (bool renamed = true; renamed;) {
        renamed = false;
        for (auto& [section_name, section] : document["components"].items()) {
            if (!section.is_object() || !merged.contains(section_name)) continue;
            const json& merged_section = merged[section_name];
            for (const auto& [member_name, value] : section.items()) {
                if (!merged_section.contains(member_name) || merged_section[member_name] == value) continue;
                const std::string name = member_name;  // a copy: the member is erased below
                std::string new_name = free_name(merged_section, section, prefix + "_" + name);
                json moved = std::move(section[name]);
                section.erase(name);
                section[new_name] = std::move(moved);
                const std::string base = "#/components/" + section_name + "/";
                redirect_refs(document, base + name, base + new_name);
                renamed = true;
                break;  // the section changed under the loop
            }
            if (renamed) break;
        }
    }
}

void append_all(json& into, const json& document, const char* member) {
    if (!document.contains(member) || !document[member].is_array()) return;
    for (const auto& element : document[member]) into.push_back(element);
}

json merged_info(const std::vector<json>& documents) {
    std::string title;
    std::vector<std::string> versions;  // each once
    std::string service;
    bool all_named = true;
    json each = json::array();
    for (const auto& document : documents) {
        const json info = document.value("info", json::object());
        title += (title.empty() ? "" : " + ") + info.value("title", "");
        const std::string version = info.value("version", "");
        if (std::find(versions.begin(), versions.end(), version) == versions.end()) versions.push_back(version);
        all_named = all_named && info.contains("x-rpcforge-service");
        service += info.value("x-rpcforge-service", "");
        each.push_back(info);
    }
    std::string version;
    for (const auto& one : versions) version += (version.empty() ? "" : " + ") + one;
    json info = {{"title", title}, {"version", version}};
    if (all_named) info["x-rpcforge-service"] = service;  // still written by rpcforge: names kept
    info["x-rpcforge-services"] = std::move(each);
    return info;
}

}  // namespace

void ServiceDescriptions::add(std::function<json()> document) { documents_.push_back(std::move(document)); }

json ServiceDescriptions::document() const {
    std::vector<json> documents;
    documents.reserve(documents_.size());
    for (const auto& document : documents_) documents.push_back(document());
    return merge_descriptions(std::move(documents));
}

json merge_descriptions(std::vector<json> documents) {
    if (documents.size() == 1) return std::move(documents.front());
    json merged = json::object();
    merged["openrpc"] = documents.empty() ? json("1.2.6") : documents.front().value("openrpc", json("1.2.6"));
    merged["info"] = merged_info(documents);
    json methods = json::array();
    json callbacks = json::array();
    json components = json::object();
    for (std::size_t i = 0; i < documents.size(); ++i) {
        json& document = documents[i];
        rename_clashing_components(document, components, service_prefix(document, i));
        append_all(methods, document, "methods");
        append_all(callbacks, document, "x-rpcforge-callbacks");
        if (document.contains("components") && document["components"].is_object()) {
            for (auto& [section_name, section] : document["components"].items()) {
                if (!section.is_object()) continue;
                json& into = components[section_name];
                for (auto& [name, value] : section.items())
                    if (!into.contains(name)) into[name] = std::move(value);
            }
        }
        // Whatever else a document says (servers, externalDocs, extensions): the first to say it.
        for (auto& [key, value] : document.items())
            if (!merged.contains(key) && key != "methods" && key != "components" && key != "x-rpcforge-callbacks")
                merged[key] = std::move(value);
    }
    merged["methods"] = std::move(methods);
    if (!components.empty()) merged["components"] = std::move(components);
    if (!callbacks.empty()) merged["x-rpcforge-callbacks"] = std::move(callbacks);
    return merged;
}

}  // namespace rpcforge::detail
