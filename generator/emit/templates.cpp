#include "emit/templates.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace rpcforge::emit {

namespace detail {
/// Defined in the file generated from templates/*.mustache (embed_templates.cmake).
std::map<std::string, std::string> embedded_templates();
}  // namespace detail

Templates Templates::embedded() {
    return Templates{detail::embedded_templates()};
}

namespace {

model::SourceLocation at(const std::filesystem::path& path) {
    return model::SourceLocation{path.string(), 0, 0, {}};
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

std::vector<std::filesystem::path> template_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".mustache") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool load_one(const std::filesystem::path& file, Templates& templates, diagnostics::Sink& sink) {
    const std::string name = file.stem().string();
    if (!templates.by_name.count(name)) {
        sink.error(at(file), "'" + name + "' is not a template rpcforge knows (the embedded ones are in templates/)");
        return false;
    }
    auto text = read_file(file);
    if (!text) {
        sink.error(at(file), "cannot read the template");
        return false;
    }
    kainjow::mustache::mustache parsed(*text);
    if (!parsed.is_valid()) {
        sink.error(at(file), "not a valid Mustache template: " + parsed.error_message());
        return false;
    }
    templates.by_name[name] = std::move(*text);
    return true;
}

}  // namespace

Templates load_templates(const std::optional<std::filesystem::path>& dir, diagnostics::Sink& sink) {
    Templates templates = Templates::embedded();
    if (!dir) return templates;
    std::error_code ec;
    if (!std::filesystem::is_directory(*dir, ec)) {
        sink.error(at(*dir), "the templates directory does not exist");
        return templates;
    }
    Templates loaded = templates;
    bool ok = true;
    for (const auto& file : template_files(*dir)) ok = load_one(file, loaded, sink) && ok;
    return ok ? loaded : templates;
}

}  // namespace rpcforge::emit
