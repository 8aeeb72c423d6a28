#pragma once
// The Mustache templates of emitted C++ files: embedded in the binary at build time from
// templates/*.mustache, or read from a directory given with `--templates DIR`.

#include "diagnostics/diagnostics.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace rpcforge::emit {

/// Templates by name: a file `types.hpp.mustache` is the template `types.hpp`. The three file
/// templates are `types.hpp`, `server.hpp` and `client.hpp`; every other one is a partial that
/// any template may include as `{{> name}}`.
struct Templates {
    std::map<std::string, std::string> by_name;

    /// The templates built into rpcforge.
    static Templates embedded();
};

/// The embedded templates, with those found in `dir` (files named NAME.mustache) in place of
/// the embedded ones of the same name. A missing directory, an unreadable file, a template
/// Mustache cannot parse or a name rpcforge does not know is reported to `sink` (which then
/// has errors); the embedded templates are returned in any case.
Templates load_templates(const std::optional<std::filesystem::path>& dir, diagnostics::Sink& sink);

}  // namespace rpcforge::emit
