#include "view/type_layout.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace rpcforge::view {

namespace {

using model::Type;

/// A by-value reference from one struct or variant to another.
struct Edge {
    std::string owner;
    std::size_t member;
    std::string target;
    bool may_be_empty;    // the reference is in std::optional: a field not required, or a nullable type
    bool is_alternative;  // a variant alternative rather than a struct field
};

/// A generated struct or variant. Types the user's header declares are complete before any
/// generated type (the header is included first) and are not laid out.
bool is_aggregate(const std::string& name, const TypeTable& index) {
    const auto* decl = index.find(name);
    return decl != nullptr && !std::holds_alternative<model::Enum>(*decl) && !index.is_user_declared(name);
}

/// The named struct or variant a type holds by value, if any, and whether through std::optional.
void by_value_target(const Type& type, const TypeTable& index, bool in_optional, std::vector<Edge>& out,
                     const Edge& base) {
    if (type.kind == Type::Kind::optional && !type.args.empty())
        return by_value_target(type.args.front(), index, true, out, base);
    if (type.kind != Type::Kind::named || !is_aggregate(type.name, index)) return;
    Edge edge = base;
    edge.target = index.spelling(type.name);
    edge.may_be_empty = edge.may_be_empty || in_optional;
    out.push_back(edge);
}

/// Every named struct or variant a type mentions, at any depth.
void mentioned(const Type& type, const TypeTable& index, std::set<std::string>& out) {
    if (type.kind == Type::Kind::named && is_aggregate(type.name, index)) out.insert(index.spelling(type.name));
    for (const auto& arg : type.args) mentioned(arg, index, out);
}

struct Graph {
    std::vector<std::string> nodes;  // declaration order
    std::vector<Edge> edges;
    std::map<std::string, std::set<std::string>> mentions;
};

Graph build_graph(const model::Service& service, const TypeTable& index) {
    Graph graph;
    for (const auto& decl : service.types) {
        if (!cpp_declared_of(decl).empty()) continue;
        if (const auto* s = std::get_if<model::Struct>(&decl)) {
            graph.nodes.push_back(s->name.cpp);
            for (std::size_t i = 0; i < s->fields.size(); ++i) {
                const auto& field = s->fields[i];
                bool absent_allowed = !field.required && !field.default_json;
                by_value_target(field.type, index, false, graph.edges, {s->name.cpp, i, {}, absent_allowed, false});
                mentioned(field.type, index, graph.mentions[s->name.cpp]);
            }
        } else if (const auto* v = std::get_if<model::Variant>(&decl)) {
            graph.nodes.push_back(v->name.cpp);
            for (std::size_t i = 0; i < v->alternatives.size(); ++i) {
                by_value_target(v->alternatives[i], index, false, graph.edges, {v->name.cpp, i, {}, false, true});
                mentioned(v->alternatives[i], index, graph.mentions[v->name.cpp]);
            }
        }
    }
    return graph;
}

/// Strongly connected components (Tarjan) over the edges not yet boxed: a component id per node.
std::map<std::string, int> components(const Graph& graph, const std::set<std::pair<std::string, std::size_t>>& boxed) {
    std::map<std::string, int> order, low, component;
    std::vector<std::string> stack;
    std::set<std::string> on_stack;
    int counter = 0, next_component = 0;
    std::function<void(const std::string&)> visit = [&](const std::string& node) {
        order[node] = low[node] = counter++;
        stack.push_back(node);
        on_stack.insert(node);
        for (const auto& edge : graph.edges) {
            if (edge.owner != node || boxed.count({edge.owner, edge.member})) continue;
            if (!order.count(edge.target)) {
                visit(edge.target);
                low[node] = std::min(low[node], low[edge.target]);
            } else if (on_stack.count(edge.target)) {
                low[node] = std::min(low[node], order[edge.target]);
            }
        }
        if (low[node] != order[node]) return;
        std::string member;
        do {
            member = stack.back();
            stack.pop_back();
            on_stack.erase(member);
            component[member] = next_component;
        } while (member != node);
        ++next_component;
    };
    for (const auto& node : graph.nodes)
        if (!order.count(node)) visit(node);
    return component;
}

/// Boxes the edges that `select` picks among those still inside a cycle.
void box_cycles(const Graph& graph, std::set<std::pair<std::string, std::size_t>>& boxed,
                const std::function<bool(const Edge&)>& select) {
    auto component = components(graph, boxed);
    for (const auto& edge : graph.edges) {
        bool in_cycle = component.count(edge.owner) && component.count(edge.target) &&
                        component.at(edge.owner) == component.at(edge.target);
        if (in_cycle && select(edge)) boxed.insert({edge.owner, edge.member});
    }
}

std::vector<std::string> definition_order(const Graph& graph, const TypeLayout& layout) {
    std::vector<std::string> order;
    std::set<std::string> visited;
    std::function<void(const std::string&)> visit = [&](const std::string& node) {
        if (!visited.insert(node).second) return;
        for (const auto& edge : graph.edges)
            if (edge.owner == node && !layout.is_boxed(edge.owner, edge.member)) visit(edge.target);
        order.push_back(node);
    };
    for (const auto& node : graph.nodes) visit(node);
    return order;
}

std::vector<std::string> forward_declarations(const Graph& graph, const std::vector<std::string>& order) {
    std::set<std::string> needed, defined;
    for (const auto& node : order) {
        auto mentions = graph.mentions.find(node);
        if (mentions != graph.mentions.end())
            for (const auto& target : mentions->second)
                if (target != node && !defined.count(target)) needed.insert(target);
        defined.insert(node);
    }
    std::vector<std::string> out;
    for (const auto& node : graph.nodes)
        if (needed.count(node)) out.push_back(node);
    return out;
}

}  // namespace

TypeLayout layout_types(const model::Service& service, const TypeTable& index) {
    const Graph graph = build_graph(service, index);
    TypeLayout layout;
    box_cycles(graph, layout.boxed, [](const Edge& edge) { return edge.may_be_empty; });
    box_cycles(graph, layout.boxed, [](const Edge& edge) { return edge.is_alternative; });
    box_cycles(graph, layout.boxed, [](const Edge&) { return true; });
    layout.definition_order = definition_order(graph, layout);
    layout.forward_declarations = forward_declarations(graph, layout.definition_order);
    return layout;
}

}  // namespace rpcforge::view
