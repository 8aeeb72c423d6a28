#include "diagnostics/diagnostics.hpp"

#include <sstream>

namespace rpcforge::diagnostics {

// Written to a stream rather than by string concatenation, which GCC 12 at -O3 flags with a
// false -Wrestrict.
std::string format(const Diagnostic& d) {
    std::ostringstream text;
    text << (d.location.file.empty() ? "rpcforge" : d.location.file);
    if (d.location.line > 0) {
        text << ':' << d.location.line;
        if (d.location.column > 0) text << ':' << d.location.column;
    }
    switch (d.severity) {
        case Severity::error: text << ": error: "; break;
        case Severity::warning: text << ": warning: "; break;
        case Severity::note: text << ": note: "; break;
    }
    text << d.message;
    if (!d.location.pointer.empty()) text << " (at " << d.location.pointer << ')';
    return text.str();
}

void Sink::error(model::SourceLocation location, std::string message) {
    diagnostics_.push_back({Severity::error, std::move(location), std::move(message)});
    ++errors_;
}

void Sink::warning(model::SourceLocation location, std::string message) {
    diagnostics_.push_back({Severity::warning, std::move(location), std::move(message)});
}

void Sink::note(model::SourceLocation location, std::string message) {
    diagnostics_.push_back({Severity::note, std::move(location), std::move(message)});
}

void Sink::print(std::ostream& out) const {
    for (const auto& diagnostic : diagnostics_) out << format(diagnostic) << '\n';
}

}  // namespace rpcforge::diagnostics
