#pragma once
// Reads a header given as text through the C++ frontend, as if it were the file "svc.hpp",
// with the runtime's include directory (for rpcforge/annotations.hpp) and the standard headers
// a service uses already included.

#include "frontend/cpp/cpp.hpp"

#include <string>
#include <vector>

namespace rpcforge::testing {

struct ReadResult {
    frontend::cpp::Header header;
    std::vector<std::string> diagnostics;  ///< formatted, as the command prints them
};

ReadResult read_header(const std::string& body);

/// The line of the first occurrence of `needle` in the text read_header reads for `body`.
int line_of(const std::string& body, const std::string& needle);

}  // namespace rpcforge::testing
