#include "frontend/cpp/cpp.hpp"

#include "frontend/cpp/ast_context.hpp"
#include "frontend/cpp/service_mapper.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/Utils.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/VirtualFileSystem.h>

#include "frontend/cpp/annotations.hpp"

#include <algorithm>
#include <filesystem>

namespace rpcforge::frontend::cpp {
namespace {

/// Clang's own errors (the header does not compile) become ours, at the same place. Warnings
/// are the user's compiler's business, not the generator's.
class ForwardErrors final : public clang::DiagnosticConsumer {
public:
    explicit ForwardErrors(diagnostics::Sink& sink) : sink_(sink) {}

    void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
        clang::DiagnosticConsumer::HandleDiagnostic(level, info);
        if (level < clang::DiagnosticsEngine::Error) return;
        llvm::SmallString<256> message;
        info.FormatDiagnostic(message);
        model::SourceLocation where;
        if (info.hasSourceManager() && info.getLocation().isValid()) {
            auto presumed = info.getSourceManager().getPresumedLoc(info.getLocation());
            if (presumed.isValid()) {
                where = {presumed.getFilename(), static_cast<int>(presumed.getLine()), static_cast<int>(presumed.getColumn()), ""};
            }
        }
        sink_.error(where, message.str().str());
    }

private:
    diagnostics::Sink& sink_;
};

/// The classes marked RPCFORGE_SERVICE and RPCFORGE_CALLBACKS that the header read declares
/// itself (not those of the headers it includes).
class FindServices final : public clang::RecursiveASTVisitor<FindServices> {
public:
    explicit FindServices(const clang::SourceManager& sources) : sources_(sources) {}

    bool VisitCXXRecordDecl(clang::CXXRecordDecl* record) {
        if (!record->isThisDeclarationADefinition() || !sources_.isInMainFile(record->getLocation())) return true;
        const auto annotations = read_annotations(*record);
        if (annotations.service) found.push_back(record);
        if (annotations.callbacks) callbacks.push_back(record);
        return true;
    }

    std::vector<const clang::CXXRecordDecl*> found;
    std::vector<const clang::CXXRecordDecl*> callbacks;

private:
    const clang::SourceManager& sources_;
};

class MapService final : public clang::ASTConsumer {
public:
    MapService(Header& out, diagnostics::Sink& sink) : out_(out), sink_(sink) {}

    void HandleTranslationUnit(clang::ASTContext& ast) override {
        if (sink_.has_errors()) return;  // Clang's errors first: the AST may be incomplete
        FindServices finder(ast.getSourceManager());
        finder.TraverseDecl(ast.getTranslationUnitDecl());
        AstContext context(ast, out_.service, sink_);
        const auto main_file = ast.getSourceManager().getMainFileID();
        if (finder.found.empty()) {
            context.error(ast.getSourceManager().getLocForStartOfFile(main_file),
                          "no class marked RPCFORGE_SERVICE here (#include <rpcforge/annotations.hpp> and mark the interface)");
            return;
        }
        for (std::size_t i = 1; i < finder.found.size(); ++i) {
            context.error(finder.found[i]->getLocation(), "a second service in one header: each service needs a header of its own");
        }
        for (std::size_t i = 1; i < finder.callbacks.size(); ++i) {
            context.error(finder.callbacks[i]->getLocation(), "a second class of callbacks in one header: a service has one");
        }
        ServiceMapper mapper(context);
        mapper.map(*finder.found.front());
        if (!finder.callbacks.empty()) mapper.map_callbacks(*finder.callbacks.front());
    }

private:
    Header& out_;
    diagnostics::Sink& sink_;
};

class ReadHeader final : public clang::ASTFrontendAction {
public:
    ReadHeader(Header& out, diagnostics::Sink& sink) : out_(out), sink_(sink) {}

    std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&, llvm::StringRef) override {
        return std::make_unique<MapService>(out_, sink_);
    }

    bool BeginSourceFileAction(clang::CompilerInstance& compiler) override {
        dependencies_->attachToPreprocessor(compiler.getPreprocessor());
        return true;
    }

    void EndSourceFileAction() override {
        for (const auto& file : dependencies_->getDependencies()) out_.files_read.push_back(file);
    }

private:
    Header& out_;
    diagnostics::Sink& sink_;
    std::shared_ptr<clang::DependencyCollector> dependencies_ = std::make_shared<clang::DependencyCollector>();
};

std::vector<std::string> command_line(const std::string& path, const std::vector<std::string>& compiler_args) {
    // A header parsed as C++ on its own; the user's flags come after ours, so theirs win.
    // Clang's driver finds the C++ standard library from where it believes it is installed.
    std::vector<std::string> args{RPCFORGE_CLANG_PROGRAM, "-fsyntax-only", "-x", "c++", "-std=c++20",
                                  "-resource-dir=" RPCFORGE_CLANG_RESOURCE_DIR, "-Wno-everything",
                                  "-Wno-pragma-once-outside-header",
                                  "-fno-caret-diagnostics"};  // also keeps Clang from printing "1 error generated."
    args.insert(args.end(), compiler_args.begin(), compiler_args.end());
    args.push_back(path);
    return args;
}

Header run(const std::string& path, std::optional<std::string_view> code, const std::vector<std::string>& compiler_args,
           diagnostics::Sink& sink) {
    Header out;
    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> files(new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
    if (code) {
        llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
        // Held at its absolute path; Clang finds it there through the working directory, and
        // names it as given.
        memory->addFile(std::filesystem::absolute(path).string(), 0, llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(code->data(), code->size())));
        files->pushOverlay(memory);
    }
    llvm::IntrusiveRefCntPtr<clang::FileManager> file_manager(new clang::FileManager(clang::FileSystemOptions(), files));
    ForwardErrors errors(sink);
    clang::tooling::ToolInvocation invocation(command_line(path, compiler_args), std::make_unique<ReadHeader>(out, sink),
                                              file_manager.get());
    invocation.setDiagnosticConsumer(&errors);
    if (!invocation.run() && !sink.has_errors()) sink.error({path, 0, 0, ""}, "Clang could not read the header");
    // The header first, then what it includes, once each.
    std::vector<std::string> files_read{path};
    for (auto& file : out.files_read) {
        if (std::find(files_read.begin(), files_read.end(), file) == files_read.end()) files_read.push_back(file);
    }
    out.files_read = std::move(files_read);
    return out;
}

}  // namespace

Header read_header(const std::string& path, const std::vector<std::string>& compiler_args, diagnostics::Sink& sink) {
    auto out = run(path, std::nullopt, compiler_args, sink);
    out.service.cpp_header = include_spelling(path, compiler_args);
    return out;
}

Header read_header_text(std::string_view code, const std::string& path, const std::vector<std::string>& compiler_args,
                        diagnostics::Sink& sink) {
    auto out = run(path, code, compiler_args, sink);
    out.service.cpp_header = include_spelling(path, compiler_args);
    return out;
}

std::string include_spelling(const std::string& header, const std::vector<std::string>& compiler_args) {
    namespace fs = std::filesystem;
    const fs::path file = fs::absolute(header).lexically_normal();
    for (std::size_t i = 0; i < compiler_args.size(); ++i) {
        std::string dir;
        for (std::string_view flag : {"-I", "-isystem"}) {
            const auto& arg = compiler_args[i];
            if (arg == flag && i + 1 < compiler_args.size()) dir = compiler_args[i + 1];
            else if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0) dir = arg.substr(flag.size());
            if (!dir.empty()) break;
        }
        if (dir.empty()) continue;
        const auto relative = file.lexically_relative(fs::absolute(dir).lexically_normal());
        if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
    }
    return file.filename().string();
}

bool is_cpp_header(const std::string& path) {
    const auto extension = std::filesystem::path(path).extension().string();
    return extension == ".h" || extension == ".hh" || extension == ".hpp" || extension == ".hxx" || extension == ".h++";
}

}  // namespace rpcforge::frontend::cpp
