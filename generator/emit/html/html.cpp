// The HTML reference of a service: one static page, self-contained (its style inline, no
// script), with every method (signature, parameters, result, errors, an example request),
// every type and every declared error, and a link from each use of a type to its definition.
// Written directly, like the TypeScript client: one page of one shape. docs/docs.md.

#include "emit/emit.hpp"
#include "model/type_table.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <sstream>
#include <variant>

namespace rpcforge::emit {
namespace {

using Kind = model::Type::Kind;

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

/// An id that HTML and a URL fragment both take as it is.
std::string anchor(const std::string& kind, const std::string& name) {
    std::string id = kind + "-";
    for (char c : name) id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '.';
    return id;
}

/// Paragraphs of a description, blank lines apart.
std::string paragraphs(const std::string& text) {
    if (text.empty()) return "";
    std::string out = "<p>";
    std::istringstream lines(text);
    std::string line;
    bool blank = false;
    while (std::getline(lines, line)) {
        if (line.empty()) {
            blank = true;
            continue;
        }
        if (blank && out != "<p>") out += "</p>\n<p>";
        else if (out != "<p>") out += " ";
        out += escape(line);
        blank = false;
    }
    return out + "</p>\n";
}

constexpr const char* style = R"(
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; display: flex; }
nav { width: 16rem; padding: 1rem 1.5rem; background: #f3f5f8; height: 100vh; overflow-y: auto;
      position: sticky; top: 0; box-sizing: border-box; flex-shrink: 0; }
nav h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; color: #5a6475; margin: 1.2rem 0 0.3rem; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav a { color: #1d4fa8; text-decoration: none; font-family: ui-monospace, monospace; font-size: 0.9rem; }
main { padding: 1rem 2.5rem 4rem; max-width: 60rem; }
h1 { margin-bottom: 0; } .version { color: #5a6475; font-weight: normal; font-size: 1rem; }
section { border-top: 1px solid #dde2ea; padding-top: 0.5rem; margin-top: 1.5rem; }
h3 { font-family: ui-monospace, monospace; } h4 { margin-bottom: 0.3rem; }
pre { background: #f3f5f8; padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.88rem; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 0.3rem 0.6rem;
      border-bottom: 1px solid #e6e9ef; vertical-align: top; } th { font-weight: 600; color: #5a6475; }
.tag { font-size: 0.75rem; background: #e6ecf7; color: #1d4fa8; padding: 0.05rem 0.4rem; border-radius: 3px; }
)";

class Page {
public:
    explicit Page(const model::Service& service) : service_(service), types_(service) {}

    std::string render() const {
        std::ostringstream out;
        const std::string title = service_.title.empty() ? service_.name.wire : service_.title;
        out << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            << "<meta name=\"generator\" content=\"rpcforge " << escape(generator_version()) << "\">\n"
            << "<title>" << escape(title) << " " << escape(service_.version) << ": reference</title>\n"
            << "<style>" << style << "</style>\n</head>\n<body>\n";
        navigation(out);
        out << "<main>\n<h1>" << escape(title) << " <span class=\"version\">" << escape(service_.version)
            << "</span></h1>\n"
            << paragraphs(service_.description);
        if (!service_.methods.empty()) out << "<h2 id=\"methods\">Methods</h2>\n";
        for (const auto& method : service_.methods) this->method(out, method, "method");
        if (!service_.callbacks.empty()) out << "<h2 id=\"callbacks\">Calls from the server</h2>\n";
        for (const auto& callback : service_.callbacks) this->method(out, callback, "callback");
        if (!service_.types.empty()) out << "<h2 id=\"types\">Types</h2>\n";
        for (const auto& declaration : service_.types)
            std::visit([&](const auto& d) { type_section(out, d); }, declaration);
        if (!service_.errors.empty()) out << "<h2 id=\"errors\">Errors</h2>\n";
        for (const auto& error : service_.errors) error_section(out, error);
        out << "</main>\n</body>\n</html>\n";
        return out.str();
    }

private:
    void navigation(std::ostream& out) const {
        out << "<nav>\n";
        auto list = [&](const char* heading, const std::string& kind, const std::vector<std::string>& names) {
            if (names.empty()) return;
            out << "<h2>" << heading << "</h2>\n<ul>\n";
            for (const auto& name : names)
                out << "<li><a href=\"#" << anchor(kind, name) << "\">" << escape(name) << "</a></li>\n";
            out << "</ul>\n";
        };
        std::vector<std::string> methods, callbacks, types, errors;
        for (const auto& method : service_.methods) methods.push_back(method.name.wire);
        for (const auto& callback : service_.callbacks) callbacks.push_back(callback.name.wire);
        for (const auto& declaration : service_.types)
            types.push_back(std::visit([](const auto& d) { return d.name.cpp; }, declaration));
        for (const auto& error : service_.errors) errors.push_back(error.name.cpp);
        list("Methods", "method", methods);
        list("Calls from the server", "callback", callbacks);
        list("Types", "type", types);
        list("Errors", "error", errors);
        out << "</nav>\n";
    }

    /// A type as the messages write it, each named type a link to its section.
    std::string type(const model::Type& type) const {
        if (type.kind == Kind::named) {
            const std::string name = types_.cpp_name(type.name);
            return "<a href=\"#" + anchor("type", name) + "\">" + escape(name) + "</a>";
        }
        // The pattern is escaped before the argument goes in: the argument is HTML already (a link).
        const std::string pattern = escape(std::string(model::facts_of(type.kind).text));
        return model::spelled(pattern, type, [this](const model::Type& argument) { return this->type(argument); });
    }

    void method(std::ostream& out, const model::Method& method, const std::string& kind) const {
        out << "<section id=\"" << anchor(kind, method.name.wire) << "\">\n<h3>" << escape(method.name.wire);
        if (method.is_notification()) out << " <span class=\"tag\">notification</span>";
        if (method.idempotent) out << " <span class=\"tag\">idempotent</span>";
        if (method.is_subscription) out << " <span class=\"tag\">subscription</span>";
        if (method.param_structure == model::ParamStructure::by_name) out << " <span class=\"tag\">params by name</span>";
        if (method.param_structure == model::ParamStructure::by_position)
            out << " <span class=\"tag\">params by position</span>";
        out << "</h3>\n<pre>" << signature(method) << "</pre>\n";
        if (!method.summary.empty()) out << paragraphs(method.summary);
        out << paragraphs(method.description);
        for (const auto& alias : method.aliases) out << "<p>Also called <code>" << escape(alias) << "</code>.</p>\n";
        if (!method.roles.empty()) {
            out << "<p>Needs a role of:";
            for (const auto& role : method.roles) out << " <code>" << escape(role) << "</code>";
            out << "</p>\n";
        }
        if (!method.params.empty()) {
            out << "<h4>Parameters</h4>\n<table>\n<tr><th>name</th><th>type</th><th></th><th>description</th></tr>\n";
            for (const auto& param : method.params) row(out, param);
            out << "</table>\n";
        }
        if (method.result) out << "<h4>Result</h4>\n<p><code>" << type(*method.result) << "</code></p>\n";
        if (!method.errors.empty()) {
            out << "<h4>Errors</h4>\n<ul>\n";
            for (const auto& name : method.errors)
                for (const auto& error : service_.errors)
                    if (error.name.cpp == name)
                        out << "<li><a href=\"#" << anchor("error", error.name.cpp) << "\">" << error.code << " "
                            << escape(error.message) << "</a></li>\n";
            out << "</ul>\n";
        }
        out << "<h4>Example</h4>\n<pre>" << escape(example_request(method).dump(2)) << "</pre>\n</section>\n";
    }

    std::string signature(const model::Method& method) const {
        std::string text = escape(method.name.wire) + "(";
        for (std::size_t i = 0; i < method.params.size(); ++i) {
            const auto& param = method.params[i];
            bool may_be_absent = !param.required || param.default_json;
            text += (i == 0 ? "" : ", ") + escape(param.name.wire) + (may_be_absent ? "?" : "") + ": " +
                    type(param.type);
        }
        return text + ")" + (method.result ? " → " + type(*method.result) : "");
    }

    /// A request that calls the method with a value of each parameter's type (its default when
    /// it has one): what a call looks like on the wire.
    nlohmann::ordered_json example_request(const model::Method& method) const {
        nlohmann::ordered_json request = {{"jsonrpc", "2.0"}, {"method", method.name.wire}};
        bool by_position = method.param_structure == model::ParamStructure::by_position;
        nlohmann::ordered_json params = by_position ? nlohmann::ordered_json::array() : nlohmann::ordered_json::object();
        for (const auto& param : method.params) {
            nlohmann::ordered_json value = param.default_json ? nlohmann::ordered_json::parse(*param.default_json, nullptr, false)
                                                      : example(param.type, 0);
            if (by_position)
                params.push_back(value);
            else
                params[param.name.wire] = value;
        }
        if (!method.params.empty()) request["params"] = params;
        if (!method.is_notification()) request["id"] = 1;
        return request;
    }

    nlohmann::ordered_json example(const model::Type& type, int depth) const {
        switch (type.kind) {
            case Kind::boolean: return true;
            case Kind::int32:
            case Kind::int64:
            case Kind::uint32:
            case Kind::uint64: return 1;
            case Kind::number: return 1.5;
            case Kind::string: return "text";
            case Kind::json: return nullptr;
            case Kind::optional: return example(type.args.at(0), depth);
            case Kind::array:
                return depth > 3 ? nlohmann::ordered_json::array() : nlohmann::ordered_json::array({example(type.args.at(0), depth + 1)});
            case Kind::map:
                return depth > 3 ? nlohmann::ordered_json::object()
                                 : nlohmann::ordered_json{{"key", example(type.args.at(0), depth + 1)}};
            case Kind::named: return example_of(type.name, depth);
        }
        return nullptr;
    }

    nlohmann::ordered_json example_of(const std::string& name, int depth) const {
        const model::TypeDecl* declaration = types_.find(name);
        if (declaration == nullptr) return nullptr;
        if (const auto* e = std::get_if<model::Enum>(declaration))
            return e->values.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e->values.front().wire);
        if (const auto* v = std::get_if<model::Variant>(declaration)) {
            if (v->alternatives.empty()) return nullptr;
            nlohmann::ordered_json value = example(v->alternatives.front(), depth);
            if (v->discriminator && !v->discriminator_values.empty() && value.is_object())
                value[*v->discriminator] = v->discriminator_values.front();
            return value;
        }
        const auto& s = std::get<model::Struct>(*declaration);
        nlohmann::ordered_json value = nlohmann::ordered_json::object();
        for (const auto& field : s.fields) {
            // Only what a value needs, and no deeper than a few levels: recursive types end.
            if (!field.required || field.default_json || depth > 3) continue;
            value[field.name.wire] = example(field.type, depth + 1);
        }
        return value;
    }

    /// A parameter's or a member's row: name, type, whether it may be left out, description.
    template <class Member>
    void row(std::ostream& out, const Member& member) const {
        std::string presence = member.default_json ? "default <code>" + escape(*member.default_json) + "</code>"
                               : member.required   ? "required"
                                                   : "may be left out";
        out << "<tr><td><code>" << escape(member.name.wire) << "</code></td><td><code>" << type(member.type)
            << "</code></td><td>" << presence << "</td><td>" << escape(member.description) << "</td></tr>\n";
    }

    void type_section(std::ostream& out, const model::Struct& s) const {
        out << "<section id=\"" << anchor("type", s.name.cpp) << "\">\n<h3>" << escape(s.name.cpp)
            << " <span class=\"tag\">object</span></h3>\n"
            << paragraphs(s.description);
        if (!s.fields.empty()) {
            out << "<table>\n<tr><th>member</th><th>type</th><th></th><th>description</th></tr>\n";
            for (const auto& field : s.fields) row(out, field);
            out << "</table>\n";
        }
        out << "</section>\n";
    }

    void type_section(std::ostream& out, const model::Enum& e) const {
        out << "<section id=\"" << anchor("type", e.name.cpp) << "\">\n<h3>" << escape(e.name.cpp)
            << " <span class=\"tag\">one of</span></h3>\n"
            << paragraphs(e.description) << "<p>";
        for (std::size_t i = 0; i < e.values.size(); ++i)
            out << (i == 0 ? "" : ", ") << "<code>" << escape(nlohmann::ordered_json(e.values[i].wire).dump()) << "</code>";
        out << "</p>\n</section>\n";
    }

    void type_section(std::ostream& out, const model::Variant& v) const {
        out << "<section id=\"" << anchor("type", v.name.cpp) << "\">\n<h3>" << escape(v.name.cpp)
            << " <span class=\"tag\">either</span></h3>\n"
            << paragraphs(v.description);
        bool discriminated = v.discriminator && v.discriminator_values.size() == v.alternatives.size();
        if (discriminated)
            out << "<p>Told apart by <code>" << escape(*v.discriminator) << "</code>.</p>\n";
        out << "<ul>\n";
        for (std::size_t i = 0; i < v.alternatives.size(); ++i) {
            out << "<li><code>" << type(v.alternatives[i]) << "</code>";
            if (discriminated)
                out << " when <code>" << escape(*v.discriminator) << "</code> is <code>"
                    << escape(nlohmann::ordered_json(v.discriminator_values[i]).dump()) << "</code>";
            out << "</li>\n";
        }
        out << "</ul>\n</section>\n";
    }

    void error_section(std::ostream& out, const model::ErrorDecl& error) const {
        out << "<section id=\"" << anchor("error", error.name.cpp) << "\">\n<h3>" << escape(error.name.cpp)
            << " <span class=\"tag\">" << error.code << "</span></h3>\n<p>" << escape(error.message) << "</p>\n";
        if (error.data) out << "<p>Data: <code>" << type(*error.data) << "</code></p>\n";
        out << "</section>\n";
    }

    const model::Service& service_;
    model::TypeTable types_;
};

}  // namespace

std::string emit_html(const model::Service& service) { return Page(service).render(); }

}  // namespace rpcforge::emit
