#pragma once
// The emitters, as the driver calls them: a checked model in, file contents out.

#include "emit/templates.hpp"
#include "model/model.hpp"

#include <string>
#include <vector>

namespace rpcforge::emit {

/// The version the banner of generated files names.
std::string generator_version();

struct EmitOptions {
    /// The namespace of the generated code, e.g. `calc` or `acme::calc`; empty: the global one.
    std::string cpp_namespace;
    /// The input's file name as the banner shows it, e.g. `calculator.openrpc.json`.
    std::string input_file_name;
    /// Generated files are <stem>_types.hpp, <stem>_server.hpp and <stem>_client.hpp; empty: the
    /// service's C++ name in snake_case.
    std::string file_stem;
    Templates templates = Templates::embedded();
};

struct EmittedFile {
    std::string name;  ///< a file name, without directories
    std::string content;
    bool operator==(const EmittedFile&) const = default;
};

/// The C++ files of a service: types, server, client, in that order. Cannot fail on a checked
/// model; the output depends on nothing but the arguments.
std::vector<EmittedFile> emit_cpp(const model::Service& service, const EmitOptions& options);

/// The service's OpenRPC 1.3 document: members in a fixed order, two-space indentation, a final
/// newline. Read back by the OpenRPC frontend it gives the same model (source locations aside);
/// see generator/emit/OPENRPC.md for the x-rpcforge-* extensions it uses.
std::string emit_openrpc(const model::Service& service);

/// The service's TypeScript client: rpcforge_client.ts (the transports, the same for every
/// service) and <stem>.ts (its types, errors and client class). docs/typescript.md.
std::vector<EmittedFile> emit_typescript(const model::Service& service, const EmitOptions& options);

/// The service's HTML reference: one self-contained page (docs/docs.md).
std::string emit_html(const model::Service& service);

}  // namespace rpcforge::emit
