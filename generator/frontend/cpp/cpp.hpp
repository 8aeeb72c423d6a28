#pragma once
// The C++ frontend: a header declaring an annotated interface (rpcforge/annotations.hpp), read
// through Clang LibTooling with the compiler flags of the target that owns it, to the service
// model. The model it produces names the user's own declarations (Service::cpp_declared and
// friends), so that generated code uses the user's interface and types instead of its own.
//
// Stages: Clang parses the header (its errors become our diagnostics) -> service_mapper finds
// the service class and maps its methods -> type_mapper maps every type they use,
// transitively. Everything C++ can say that JSON-RPC cannot is a diagnostic at the user's own
// file:line:col, all of them in one run.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rpcforge::frontend::cpp {

struct Header {
    model::Service service;
    /// Every file Clang read for it outside the system headers, the header first: what a build
    /// must watch to know when to generate again (a depfile).
    std::vector<std::string> files_read;
};

/// Reads the header at `path` with `compiler_args` (-I, -D, -std=..., as the owning target
/// compiles). On errors (reported to `sink`) the service must not be used.
Header read_header(const std::string& path, const std::vector<std::string>& compiler_args, diagnostics::Sink& sink);

/// The same for `code`, as though it were the file `path`.
Header read_header_text(std::string_view code, const std::string& path, const std::vector<std::string>& compiler_args,
                        diagnostics::Sink& sink);

/// How generated code includes `header`: its path relative to the first include directory in
/// `compiler_args` (-I, -isystem) that holds it, else its file name.
std::string include_spelling(const std::string& header, const std::vector<std::string>& compiler_args);

/// True for the file names the C++ frontend reads (.h, .hh, .hpp, .hxx, .h++).
bool is_cpp_header(const std::string& path);

}  // namespace rpcforge::frontend::cpp
