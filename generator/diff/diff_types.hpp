#pragma once
// Whether values written with one type can be read with another: the part of `rpcforge diff`
// that follows types into their declarations.

#include <map>
#include <string>
#include <utility>

#include "model/type_table.hpp"
#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

namespace rpcforge::diff {

/// Who writes a value and who reads it, as a change affects existing peers: clients built on
/// the old model write params the new server reads, and read results the new server writes.
enum class Flow { to_server, to_client };

/// The two versions and the sink, with what has been compared already.
class TypeComparer {
public:
    TypeComparer(const model::Service& before, const model::Service& after, diagnostics::Sink& sink)
        : before_types_(before), after_types_(after), sink_(sink) {}

    /// Reports whether a value of `after` (`before`) can still be read where it was a `before`
    /// (`after`), for the way it flows; `what` names the place ("param 'x' of method 'm'").
    /// Returns whether it breaks.
    bool compare(const model::Type& before, const model::Type& after, Flow flow, const std::string& what,
                 const model::SourceLocation& at);

private:
    struct Sides {
        const model::TypeTable& reader;
        const model::TypeTable& writer;
        Flow flow;
    };
    bool accepts(const model::Type& read, const model::Type& written, const Sides& sides, const std::string& what,
                 const model::SourceLocation& at);
    bool accepts_declared(const std::string& read, const std::string& written, const Sides& sides,
                          const std::string& what, const model::SourceLocation& at);
    bool accepts_struct(const model::Struct& read, const model::Struct& written, const Sides& sides);
    bool accepts_enum(const model::Enum& read, const model::Enum& written, const Sides& sides);
    bool accepts_variant(const model::Variant& read, const model::Variant& written, const Sides& sides);
    void breaks(const model::SourceLocation& at, const std::string& message);

    model::TypeTable before_types_;
    model::TypeTable after_types_;
    diagnostics::Sink& sink_;
    /// Declarations compared (reader's name, writer's name, flow): each is reported once, and a
    /// type that contains itself ends.
    std::map<std::tuple<std::string, std::string, Flow>, bool> compared_;
};

}  // namespace rpcforge::diff
