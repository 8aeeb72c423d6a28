#pragma once
// Compiler-style diagnostics: `file:line:col: error: message (at /json/pointer)`.
// One sink per run; stages report into it and the driver stops after a stage with errors.

#include "model/model.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace rpcforge::diagnostics {

enum class Severity { error, warning, note };

struct Diagnostic {
    Severity severity = Severity::error;
    model::SourceLocation location;
    std::string message;
    bool operator==(const Diagnostic&) const = default;
};

/// Formats one diagnostic as a compiler does. Parts of the location that are unknown are left
/// out: `file: error: msg`, `file:3: error: msg`, `file:3:7: error: msg (at /methods/0)`.
std::string format(const Diagnostic& diagnostic);

class Sink {
public:
    void error(model::SourceLocation location, std::string message);
    void warning(model::SourceLocation location, std::string message);
    void note(model::SourceLocation location, std::string message);

    bool has_errors() const { return errors_ > 0; }
    const std::vector<Diagnostic>& all() const { return diagnostics_; }
    /// Writes every diagnostic, in the order reported, one per line.
    void print(std::ostream& out) const;

private:
    std::vector<Diagnostic> diagnostics_;
    int errors_ = 0;
};

}  // namespace rpcforge::diagnostics
