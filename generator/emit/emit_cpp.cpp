#include "emit/emit.hpp"
#include "emit/view_data.hpp"
#include "view/cpp_spelling.hpp"
#include "view/view.hpp"

#include <kainjow/mustache.hpp>

#include <cassert>
#include <sstream>

#ifndef RPCFORGE_VERSION
#error "RPCFORGE_VERSION must be defined by the build"
#endif

namespace rpcforge::emit {

std::string generator_version() {
    return RPCFORGE_VERSION;
}

namespace {

/// Always true in the view: see mark_standalone_lines.
constexpr const char* standalone_key = "_standalone";

bool is_standalone_section_tag(const std::string& line) {
    const auto begin = line.find_first_not_of(" \t");
    const auto end = line.find_last_not_of(" \t");
    if (begin == std::string::npos || line.compare(begin, 2, "{{") != 0 || end < begin + 4) return false;
    const char sigil = line[begin + 2];
    return (sigil == '#' || sigil == '^' || sigil == '/') && line.compare(end - 1, 2, "}}") == 0 &&
           line.find("}}", begin) == end - 1;
}

/// Mustache drops a line that holds only a section tag. kainjow does so only when the section
/// is rendered; a skipped one leaves a blank line. An empty section that is always rendered,
/// appended to each such line, makes kainjow drop the line in both cases.
std::string mark_standalone_lines(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    const std::string marker = std::string("{{#") + standalone_key + "}}{{/" + standalone_key + "}}";
    while (std::getline(in, line)) out += is_standalone_section_tag(line) ? line + marker + "\n" : line + "\n";
    if (!text.empty() && text.back() != '\n' && !out.empty()) out.pop_back();
    return out;
}

/// A partial's final newline is dropped, so that a `{{> name}}` tag on a line of its own stands
/// for exactly the partial's lines.
std::string partial_text(const std::string& text) {
    std::string marked = mark_standalone_lines(text);
    return !marked.empty() && marked.back() == '\n' ? marked.substr(0, marked.size() - 1) : marked;
}

/// Trailing blanks go, runs of blank lines become one, and the file ends in one newline: the
/// templates decide the layout, this keeps their whitespace from leaking into it.
std::string tidy(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    bool blank_before = true;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        if (line.empty() && blank_before) continue;
        blank_before = line.empty();
        out += line + '\n';
    }
    while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

std::string render(const Templates& templates, const std::string& name, kainjow::mustache::data view) {
    for (const auto& [partial_name, text] : templates.by_name) {
        assert(view.get(partial_name) == nullptr && "a template is named like a key of the view");
        view.set(partial_name, kainjow::mustache::partial([text = partial_text(text)] { return text; }));
    }
    view.set(standalone_key, kainjow::mustache::data(true));
    kainjow::mustache::mustache mustache(mark_standalone_lines(templates.by_name.at(name)));
    // Emitted code is C++, not HTML: `std::vector<int>` stays as it is.
    mustache.set_custom_escape([](const std::string& text) { return text; });
    std::string out = mustache.render(view);
    assert(mustache.is_valid() && "templates are checked when loaded");
    return tidy(out);
}

}  // namespace

std::vector<EmittedFile> emit_cpp(const model::Service& service, const EmitOptions& options) {
    view::ViewOptions view_options;
    view_options.cpp_namespace = options.cpp_namespace;
    view_options.input_file_name = options.input_file_name;
    view_options.file_stem = options.file_stem.empty() ? view::snake_case(service.name.cpp) : options.file_stem;
    view_options.generator_version = generator_version();
    view_options.openrpc_document = emit_openrpc(service);
    const view::ServiceView files = view::make_view(service, view_options);
    const kainjow::mustache::data data = to_data(files);
    return {
        {files.types_header, render(options.templates, "types.hpp", data)},
        {files.server_header, render(options.templates, "server.hpp", data)},
        {files.client_header, render(options.templates, "client.hpp", data)},
    };
}

}  // namespace rpcforge::emit
