// The TypeScript client of a service: its types as TypeScript types, its declared errors as
// classes, and a client class whose methods have the C++ client's names and parameters, over
// the transports of rpcforge_client.ts (HTTP, WebSocket). Written directly, line by line: the
// file is small and has one shape. docs/typescript.md.

#include "emit/emit.hpp"
#include "model/type_table.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <sstream>
#include <variant>

namespace rpcforge::emit {
namespace detail {
std::string_view typescript_runtime();  // rpcforge_client.ts, embedded at build time
}

namespace {

using Kind = model::Type::Kind;

bool is_identifier(const std::string& name) {
    auto word = [](char c, bool first) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
               (!first && std::isdigit(static_cast<unsigned char>(c)));
    };
    for (std::size_t i = 0; i < name.size(); ++i)
        if (!word(name[i], i == 0)) return false;
    return !name.empty();
}

/// A property name as TypeScript takes it: quoted unless an identifier.
std::string property(const std::string& wire) { return is_identifier(wire) ? wire : nlohmann::json(wire).dump(); }

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

void doc_comment(std::ostream& out, const std::string& text, const std::string& indent) {
    if (text.empty()) return;
    out << indent << "/**";
    std::istringstream lines(text);
    std::string line;
    bool first = true;
    while (std::getline(lines, line)) {
        out << (first ? " " : "\n" + indent + " * ") << line;
        first = false;
    }
    out << " */\n";
}

class Writer {
public:
    explicit Writer(const model::Service& service) : service_(service), types_(service) {}

    std::string type(const model::Type& type) const {
        if (type.kind == Kind::named) return types_.cpp_name(type.name);
        return model::spelled(model::facts_of(type.kind).typescript, type,
                              [this](const model::Type& argument) { return this->type(argument); });
    }

    void declaration(std::ostream& out, const model::Struct& s) const {
        doc_comment(out, s.description, "");
        out << "export interface " << s.name.cpp << " {\n";
        for (const auto& field : s.fields) {
            doc_comment(out, field.description, "  ");
            bool may_be_absent = !field.required || field.default_json;
            out << "  " << property(field.name.wire) << (may_be_absent ? "?" : "") << ": " << type(field.type) << ";\n";
        }
        out << "}\n\n";
    }

    void declaration(std::ostream& out, const model::Enum& e) const {
        doc_comment(out, e.description, "");
        out << "export type " << e.name.cpp << " =";
        for (std::size_t i = 0; i < e.values.size(); ++i) out << (i == 0 ? " " : " | ") << quoted(e.values[i].wire);
        if (e.values.empty()) out << " never";
        out << ";\n\n";
    }

    void declaration(std::ostream& out, const model::Variant& v) const {
        doc_comment(out, v.description, "");
        out << "export type " << v.name.cpp << " =";
        bool discriminated = v.discriminator && v.discriminator_values.size() == v.alternatives.size();
        for (std::size_t i = 0; i < v.alternatives.size(); ++i) {
            out << (i == 0 ? " " : " | ");
            std::string alternative = type(v.alternatives[i]);
            if (discriminated)
                out << "({ " << property(*v.discriminator) << ": " << quoted(v.discriminator_values[i]) << " } & "
                    << alternative << ")";
            else
                out << (alternative.find('|') == std::string::npos ? alternative : "(" + alternative + ")");
        }
        out << ";\n\n";
    }

    void errors(std::ostream& out) const {
        for (const auto& error : service_.errors) {
            out << "/** Error " << error.code << ": " << error.message << ". */\n";
            out << "export class " << error.name.cpp << " extends RpcError {\n";
            out << "  static readonly code = " << error.code << ";\n";
            std::string data = error.data ? type(*error.data) : "unknown";
            out << "  constructor(message: string = " << quoted(error.message) << ", readonly data?: " << data
                << ") {\n";
            out << "    super(" << error.code << ", message, data);\n";
            out << "    this.name = " << quoted(error.name.cpp) << ";\n  }\n}\n\n";
        }
        out << "/** The declared error of this code as its class, else an RpcError. */\n";
        out << "export function errorOf(code: number, message: string, data: unknown): RpcError {\n";
        out << "  switch (code) {\n";
        for (const auto& error : service_.errors)
            out << "    case " << error.code << ": return new " << error.name.cpp << "(message, data as "
                << (error.data ? type(*error.data) : "unknown") << ");\n";
        out << "    default: return new RpcError(code, message, data);\n  }\n}\n\n";
    }

    std::string parameters(const model::Method& method) const {
        const auto names = variables(method);
        std::string text;
        for (std::size_t i = 0; i < method.params.size(); ++i) {
            // TypeScript takes `name?` only where every parameter after it may be left out too.
            bool rest_may_be_absent = true;
            for (std::size_t j = i; j < method.params.size(); ++j)
                rest_may_be_absent = rest_may_be_absent && may_be_absent(method.params[j]);
            const auto& param = method.params[i];
            std::string written = type(param.type);
            if (rest_may_be_absent)
                text += (i == 0 ? "" : ", ") + names[i] + "?: " + written;
            else
                text += (i == 0 ? "" : ", ") + names[i] + ": " + written + (may_be_absent(param) ? " | undefined" : "");
        }
        return text;
    }

    static bool may_be_absent(const model::Param& param) { return !param.required || param.default_json.has_value(); }

    /// The parameters' C++ names, which are no C++ keywords; one that TypeScript reserves gets
    /// a `_`, more than one if another parameter has that name already.
    static std::vector<std::string> variables(const model::Method& method) {
        static const std::set<std::string> reserved = {
            "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
            "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for", "function",
            "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package",
            "private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true",
            "try", "typeof", "var", "void", "while", "with", "yield"};
        std::set<std::string> taken;
        for (const auto& param : method.params) taken.insert(param.name.cpp);
        std::vector<std::string> names;
        for (const auto& param : method.params) {
            std::string name = param.name.cpp;
            if (reserved.count(name))
                while (taken.count(name)) name += "_";
            taken.insert(name);
            names.push_back(name);
        }
        return names;
    }

    std::string params_value(const model::Method& method) const {
        if (method.params.empty()) return "undefined";
        const auto names = variables(method);
        std::string list;
        for (std::size_t i = 0; i < method.params.size(); ++i) {
            const auto& param = method.params[i];
            if (method.param_structure == model::ParamStructure::by_position)
                list += (i == 0 ? "" : ", ") + names[i];
            else
                list += (i == 0 ? "" : ", ") +
                        (property(param.name.wire) == names[i] ? names[i] : property(param.name.wire) + ": " + names[i]);
        }
        if (method.param_structure == model::ParamStructure::by_position) return "byPosition([" + list + "])";
        return "byName({ " + list + " })";
    }

    /// What the file takes from rpcforge_client.ts: only what it uses (strict projects refuse
    /// unused imports).
    std::string imports() const {
        bool by_name = false, by_position = false;
        for (const auto& method : service_.methods) {
            if (method.params.empty()) continue;
            (method.param_structure == model::ParamStructure::by_position ? by_position : by_name) = true;
        }
        std::string list;
        if (by_name) list += "byName, ";
        if (by_position) list += "byPosition, ";
        list += "PendingBatch, RpcError, Transport";
        if (!service_.callbacks.empty()) list += ", WebSocketTransport";
        return list;
    }

    std::string result(const model::Method& method) const { return method.result ? type(*method.result) : "void"; }

    std::string doc(const model::Method& method) const {
        return method.summary.empty() ? method.description : method.summary;
    }

    void client(std::ostream& out) const {
        const std::string name = service_.name.cpp;
        out << "/** Calls of a " << name << " gathered into one batch: each returns the promise of its own\n"
            << " * answer, which settles once send() has the batch answered. */\n";
        out << "export class " << name << "Batch {\n";
        out << "  private readonly pending: PendingBatch;\n\n";
        out << "  constructor(transport: Transport) {\n    this.pending = new PendingBatch(transport, errorOf);\n  }\n\n";
        for (const auto& method : service_.methods) {
            doc_comment(out, doc(method), "  ");
            if (method.is_notification()) {
                out << "  " << method.name.cpp << "(" << parameters(method) << "): void {\n";
                out << "    this.pending.addNotification(" << quoted(method.name.wire) << ", " << params_value(method)
                    << ");\n  }\n\n";
            } else {
                out << "  " << method.name.cpp << "(" << parameters(method) << "): Promise<" << result(method)
                    << "> {\n";
                out << "    return this.pending.add(" << quoted(method.name.wire) << ", " << params_value(method)
                    << ") as Promise<" << result(method) << ">;\n  }\n\n";
            }
        }
        out << "  send(): Promise<void> {\n    return this.pending.send();\n  }\n}\n\n";

        if (!service_.callbacks.empty()) {
            out << "/** What the server may call and notify this client with (over WebSocket). */\n";
            out << "export interface " << name << "Callbacks {\n";
            for (const auto& callback : service_.callbacks) {
                doc_comment(out, doc(callback), "  ");
                out << "  " << callback.name.cpp << "?(" << parameters(callback) << "): " << result(callback) << ";\n";
            }
            out << "}\n\n";
        }

        doc_comment(out, service_.description.empty() ? service_.title : service_.description, "");
        out << "export class " << name << "Client {\n";
        out << "  constructor(private readonly transport: Transport) {}\n\n";
        for (const auto& method : service_.methods) {
            doc_comment(out, doc(method), "  ");
            if (method.is_notification()) {
                out << "  " << method.name.cpp << "(" << parameters(method) << "): Promise<void> {\n";
                out << "    return this.transport.notify(" << quoted(method.name.wire) << ", " << params_value(method)
                    << ");\n  }\n\n";
            } else {
                out << "  async " << method.name.cpp << "(" << parameters(method) << "): Promise<" << result(method)
                    << "> {\n";
                out << "    try {\n      return (await this.transport.call(" << quoted(method.name.wire) << ", "
                    << params_value(method) << ")) as " << result(method) << ";\n";
                out << "    } catch (e) {\n      throw e instanceof RpcError ? errorOf(e.code, e.message, e.data) : e;\n"
                    << "    }\n  }\n\n";
            }
        }
        out << "  /** Calls to send together as one JSON-RPC batch. */\n";
        out << "  batch(): " << name << "Batch {\n    return new " << name << "Batch(this.transport);\n  }\n";
        if (!service_.callbacks.empty()) {
            out << "\n  /** Answers the server's calls and notifications to this client with `callbacks`. */\n";
            out << "  handleCallbacks(transport: WebSocketTransport, callbacks: " << name << "Callbacks): void {\n";
            for (const auto& callback : service_.callbacks) {
                out << "    transport.handle(" << quoted(callback.name.wire) << ", (_method, params) => {\n";
                out << "      const args = params as " << (callback.param_structure == model::ParamStructure::by_position
                                                                    ? "unknown[]"
                                                                    : "Record<string, unknown>")
                    << ";\n";
                out << "      return callbacks." << callback.name.cpp << "?.(";
                for (std::size_t i = 0; i < callback.params.size(); ++i) {
                    const auto& param = callback.params[i];
                    std::string at = callback.param_structure == model::ParamStructure::by_position
                                         ? "args[" + std::to_string(i) + "]"
                                         : "(Array.isArray(params) ? (params as unknown[])[" + std::to_string(i) +
                                               "] : args[" + quoted(param.name.wire) + "])";
                    out << (i == 0 ? "" : ", ") << at << " as " << type(param.type);
                }
                out << ");\n    });\n";
            }
            out << "  }\n";
        }
        out << "}\n";
    }

private:
    const model::Service& service_;
    model::TypeTable types_;
};

}  // namespace

std::vector<EmittedFile> emit_typescript(const model::Service& service, const EmitOptions& options) {
    Writer writer(service);
    std::ostringstream out;
    out << "// Generated by rpcforge " << generator_version() << " from " << options.input_file_name
        << ". DO NOT EDIT.\n";
    out << "import { " << writer.imports() << " } from \"./rpcforge_client\";\n\n";
    out << "export { HttpTransport, RpcError, WebSocketTransport } from \"./rpcforge_client\";\n";
    out << "export type { BatchEntry, Transport } from \"./rpcforge_client\";\n\n";
    for (const auto& declaration : service.types) std::visit([&](const auto& d) { writer.declaration(out, d); }, declaration);
    writer.errors(out);
    writer.client(out);
    return {{"rpcforge_client.ts", std::string(detail::typescript_runtime())}, {options.file_stem + ".ts", out.str()}};
}

}  // namespace rpcforge::emit
