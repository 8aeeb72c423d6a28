#pragma once
// The rpcforge annotations on a declaration (runtime/include/rpcforge/annotations.hpp), read
// back from the Clang `annotate` attributes the macros expand to.

#include <clang/AST/Decl.h>

#include <optional>
#include <string>
#include <vector>

namespace rpcforge::frontend::cpp {

struct Annotations {
    bool service = false;
    bool callbacks = false;
    bool method = false;
    bool notification = false;
    std::optional<std::string> version;
    std::optional<std::string> wire_name;
    std::vector<std::string> aliases;
    std::vector<std::string> roles;
    bool idempotent = false;
    bool subscription = false;
    std::optional<std::string> doc;
    /// Annotations starting with "rpcforge:" that no macro makes (misspelled by hand).
    std::vector<std::string> unknown;

    bool is_rpc() const { return method || notification || subscription; }
};

Annotations read_annotations(const clang::Decl& decl);

}  // namespace rpcforge::frontend::cpp
