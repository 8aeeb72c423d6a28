#include "driver/driver.hpp"

#include "check/check.hpp"
#include "diagnostics/diagnostics.hpp"
#include "diff/diff.hpp"
#include "emit/emit.hpp"
#include "frontend/cpp/cpp.hpp"
#include "frontend/openrpc/openrpc.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace rpcforge::driver {
namespace {

bool write_if_changed(const std::filesystem::path& path, const std::string& content, diagnostics::Sink& sink);

/// `stamp: a.hpp b.hpp`, spaces in names escaped as Make wants them.
std::string depfile_text(const std::filesystem::path& depfile, const std::vector<std::string>& files) {
    auto escape = [](const std::string& name) {
        std::string out;
        for (char c : name) out += c == ' ' ? std::string("\\ ") : std::string(1, c);
        return out;
    };
    auto rule = depfile;
    if (rule.extension() == ".d") rule.replace_extension();
    std::string text = escape(rule.string()) + ":";
    for (const auto& file : files) text += " \\\n  " + escape(file);
    return text + "\n";
}

/// The service the input describes; nothing when it could not be read. With errors, a service
/// that is there is what could be read around them (an OpenRPC document's valid parts).
std::optional<model::Service> read_input(const Options& options, diagnostics::Sink& sink) {
    const auto input = options.input.string();
    if (!frontend::cpp::is_cpp_header(input)) {
        if (!options.compiler_args.empty()) sink.error({input, 0, 0, ""}, "compiler flags after -- are for C++ headers only");
        return frontend::openrpc::read_openrpc(input, sink);
    }
    auto header = frontend::cpp::read_header(input, options.compiler_args, sink);
    if (sink.has_errors()) return std::nullopt;
    if (options.depfile) write_if_changed(*options.depfile, depfile_text(*options.depfile, header.files_read), sink);
    return std::move(header.service);
}

/// Reads and checks the input; nothing when there were errors (already in `sink`). What could
/// be read is checked even when reading found problems: a duplicate method is reported in the
/// same run as a schema error in another.
std::optional<model::Service> read_checked(const Options& options, diagnostics::Sink& sink) {
    auto service = read_input(options, sink);
    if (!service) return std::nullopt;
    check::check(*service, sink);
    if (sink.has_errors()) return std::nullopt;
    return service;
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Writes `content` unless the file already holds it, so that an unchanged output does not
/// make the build recompile what includes it. Written beside, then renamed: never half a file.
bool write_if_changed(const std::filesystem::path& path, const std::string& content, diagnostics::Sink& sink) {
    if (read_file(path) == content) return true;
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out.flush()) {
            sink.error({path.string(), 0, 0, ""}, "cannot write the file");
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) sink.error({path.string(), 0, 0, ""}, "cannot write the file: " + ec.message());
    return !ec;
}

int finish(const diagnostics::Sink& sink, std::ostream& errors) {
    sink.print(errors);
    return sink.has_errors() ? 1 : 0;
}

}  // namespace

std::string default_stem(const std::filesystem::path& input) {
    auto name = input.filename().string();
    return name.substr(0, name.find('.'));
}

int generate(const Options& options, std::ostream& errors) {
    diagnostics::Sink sink;
    emit::EmitOptions emit_options;
    emit_options.cpp_namespace = options.cpp_namespace;
    emit_options.input_file_name = options.input.filename().string();
    emit_options.file_stem = options.file_stem.empty() ? default_stem(options.input) : options.file_stem;
    emit_options.templates = emit::load_templates(options.templates, sink);
    auto service = read_checked(options, sink);
    if (!service || sink.has_errors()) return finish(sink, errors);
    // A service declared in C++ names its header, however it reached us (the header itself, or
    // the OpenRPC document made from it): the same service generates the same files.
    if (!service->cpp_header.empty()) {
        emit_options.input_file_name = std::filesystem::path(service->cpp_header).filename().string();
    }

    std::vector<emit::EmittedFile> files;
    if (options.language == "typescript") {
        files = emit::emit_typescript(*service, emit_options);
    } else {
        files = emit::emit_cpp(*service, emit_options);
        files.push_back({emit_options.file_stem + ".openrpc.json", emit::emit_openrpc(*service)});
    }
    std::error_code ec;
    std::filesystem::create_directories(options.output, ec);
    if (ec) sink.error({options.output.string(), 0, 0, ""}, "cannot create the output directory: " + ec.message());
    for (const auto& file : files) {
        if (sink.has_errors()) break;
        write_if_changed(options.output / file.name, file.content, sink);
    }
    return finish(sink, errors);
}

int write_docs(const Options& options, std::ostream& errors) {
    diagnostics::Sink sink;
    if (auto service = read_checked(options, sink); service && !sink.has_errors()) {
        std::error_code ec;
        std::filesystem::create_directories(options.output, ec);
        if (ec) sink.error({options.output.string(), 0, 0, ""}, "cannot create the output directory: " + ec.message());
        else write_if_changed(options.output / "index.html", emit::emit_html(*service), sink);
    }
    return finish(sink, errors);
}

int write_openrpc(const Options& options, std::ostream& errors) {
    diagnostics::Sink sink;
    if (auto service = read_checked(options, sink)) write_if_changed(options.output, emit::emit_openrpc(*service), sink);
    return finish(sink, errors);
}

int check(const Options& options, std::ostream& errors) {
    diagnostics::Sink sink;
    read_checked(options, sink);
    return finish(sink, errors);
}

int diff(const Options& before, const Options& after, std::ostream& out, std::ostream& errors) {
    // The flags after -- are for whichever of the two is a C++ header (an OpenRPC document
    // beside a header takes none); with no header at all they are refused as usual.
    auto flags_for = [&](Options options) {
        bool any_header = frontend::cpp::is_cpp_header(before.input.string()) ||
                          frontend::cpp::is_cpp_header(after.input.string());
        if (any_header && !frontend::cpp::is_cpp_header(options.input.string())) options.compiler_args.clear();
        return options;
    };
    diagnostics::Sink reading;
    auto old_service = read_checked(flags_for(before), reading);
    auto new_service = read_checked(flags_for(after), reading);
    if (!old_service || !new_service) {
        reading.print(errors);
        return 2;
    }
    diagnostics::Sink changes;
    diff::compare(*old_service, *new_service, changes);
    changes.print(out);
    return changes.has_errors() ? 1 : 0;
}

}  // namespace rpcforge::driver
