// Structs that contain themselves by value: a struct whose required field is (through
// required fields of other structs) the struct itself has no finite value, in JSON or C++.
// Optional fields, arrays, maps and variants may be empty or choose otherwise, so a
// recursion through them is fine (the emitters box or forward-declare it).

#include "check/check_parts.hpp"

#include <vector>

namespace rpcforge::check::detail {

namespace {

class CycleFinder {
public:
    CycleFinder(const model::TypeTable& types, diagnostics::Sink& sink) : types_(types), sink_(sink) {}

    void visit(const model::Struct& node) {
        if (state_[&node] != State::unvisited) return;
        state_[&node] = State::on_path;
        for (const auto& field : node.fields) {
            const model::Struct* next = by_value(field);
            if (!next) continue;
            path_.push_back({&node, &field});
            if (state_[next] == State::on_path)
                report(*next);
            else
                visit(*next);
            path_.pop_back();
        }
        state_[&node] = State::done;
    }

private:
    enum class State { unvisited, on_path, done };
    struct Step {
        const model::Struct* owner;
        const model::Field* field;
    };

    const model::Struct* by_value(const model::Field& field) const {
        if (!field.required || field.type.kind != model::Type::Kind::named) return nullptr;
        const auto* declaration = types_.find(field.type.name);
        return declaration ? std::get_if<model::Struct>(declaration) : nullptr;
    }

    void report(const model::Struct& start) {
        std::size_t first = 0;
        while (path_[first].owner != &start) ++first;
        std::string chain;
        for (std::size_t i = first; i < path_.size(); ++i) {
            chain += path_[i].owner->name.wire + "." + path_[i].field->name.wire + " -> ";
        }
        chain += start.name.wire;
        sink_.error(path_[first].field->location,
                    "struct '" + start.name.wire + "' contains itself by value (" + chain +
                        "), so no value of it could end; make a field on the way optional");
    }

    const model::TypeTable& types_;
    diagnostics::Sink& sink_;
    std::map<const model::Struct*, State> state_;
    std::vector<Step> path_;
};

}  // namespace

void check_recursion(const model::Service& service, const model::TypeTable& types, diagnostics::Sink& sink) {
    CycleFinder finder(types, sink);
    for (const auto& declaration : service.types) {
        if (const auto* s = std::get_if<model::Struct>(&declaration)) finder.visit(*s);
    }
}

}  // namespace rpcforge::check::detail
