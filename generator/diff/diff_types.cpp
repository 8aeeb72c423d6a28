#include "diff/diff_types.hpp"

#include <algorithm>

namespace rpcforge::diff {

using model::type_text;
using model::Type;
using Kind = model::Type::Kind;

namespace {

/// The side that reads and the side that writes, as messages name them (both plural: the verbs
/// after them agree).
const char* reader_name(Flow flow) { return flow == Flow::to_server ? "new servers" : "existing clients"; }
const char* writer_name(Flow flow) { return flow == Flow::to_server ? "existing clients" : "new servers"; }

/// Integers and numbers a reader of `read` takes without loss from a writer of `written`.
bool widens(Kind read, Kind written) { return read != written && model::holds_every_integer_of(read, written); }

const model::Field* field_named(const model::Struct& decl, const std::string& wire) {
    auto found =
        std::find_if(decl.fields.begin(), decl.fields.end(), [&](const auto& f) { return f.name.wire == wire; });
    return found == decl.fields.end() ? nullptr : &*found;
}

/// A field a reader needs: required, with no default to stand in for it.
bool needed(const model::Field& field) { return field.required && !field.default_json; }

}  // namespace

bool TypeComparer::compare(const Type& before, const Type& after, Flow flow, const std::string& what,
                           const model::SourceLocation& at) {
    Sides sides =
        flow == Flow::to_server ? Sides{after_types_, before_types_, flow} : Sides{before_types_, after_types_, flow};
    const Type& read = flow == Flow::to_server ? after : before;
    const Type& written = flow == Flow::to_server ? before : after;
    bool broken = !accepts(read, written, sides, what, at);
    if (!broken && type_text(before) != type_text(after))
        sink_.note(at, what + " changes from " + type_text(before) + " to " + type_text(after) + ": compatible, " +
                           reader_name(flow) + " read what " + writer_name(flow) + " write");
    return broken;
}

void TypeComparer::breaks(const model::SourceLocation& at, const std::string& message) { sink_.error(at, message); }

bool TypeComparer::accepts(const Type& read, const Type& written, const Sides& sides, const std::string& what,
                           const model::SourceLocation& at) {
    if (read.kind == Kind::json) return true;
    if (read.kind == Kind::optional) {
        const Type& inner = written.kind == Kind::optional ? written.args.at(0) : written;
        return accepts(read.args.at(0), inner, sides, what, at);
    }
    bool same_kind = read.kind == written.kind;
    if (same_kind && (read.kind == Kind::array || read.kind == Kind::map))
        return accepts(read.args.at(0), written.args.at(0), sides, what, at);
    if (same_kind && read.kind == Kind::named) return accepts_declared(read.name, written.name, sides, what, at);
    if (same_kind || widens(read.kind, written.kind)) return true;
    std::string why = written.kind == Kind::optional && read.kind == written.args.at(0).kind
                          ? ": " + std::string(writer_name(sides.flow)) + " may send null"
                          : "";
    breaks(at, what + ": " + writer_name(sides.flow) + " write " + type_text(written) + ", " + reader_name(sides.flow) +
                   " read " + type_text(read) + why);
    return false;
}

bool TypeComparer::accepts_declared(const std::string& read, const std::string& written, const Sides& sides,
                                    const std::string& what, const model::SourceLocation& at) {
    auto key = std::make_tuple(read, written, sides.flow);
    if (auto done = compared_.find(key); done != compared_.end()) return done->second;
    compared_[key] = true;  // a type that contains itself is judged by the rest of it
    const auto* reader = sides.reader.find(read);
    const auto* writer = sides.writer.find(written);
    bool accepted = false;
    if (reader == nullptr || writer == nullptr || reader->index() != writer->index()) {
        breaks(at, what + ": " + writer_name(sides.flow) + " write " + written + ", " + reader_name(sides.flow) +
                       " read " + read + ", another kind of type");
    } else if (const auto* s = std::get_if<model::Struct>(reader)) {
        accepted = accepts_struct(*s, std::get<model::Struct>(*writer), sides);
    } else if (const auto* e = std::get_if<model::Enum>(reader)) {
        accepted = accepts_enum(*e, std::get<model::Enum>(*writer), sides);
    } else {
        accepted = accepts_variant(std::get<model::Variant>(*reader), std::get<model::Variant>(*writer), sides);
    }
    compared_[key] = accepted;
    return accepted;
}

bool TypeComparer::accepts_struct(const model::Struct& read, const model::Struct& written, const Sides& sides) {
    const model::Struct& newer = sides.flow == Flow::to_server ? read : written;
    bool accepted = true;
    for (const auto& field : read.fields) {
        const model::Field* sent = field_named(written, field.name.wire);
        const model::Field* placed = field_named(newer, field.name.wire);
        const auto& at = placed ? placed->location : newer.location;
        std::string what = "field '" + field.name.wire + "' of " + newer.name.wire;
        if (needed(field) && (sent == nullptr || !sent->required)) {
            breaks(at, what + ": " + reader_name(sides.flow) + " need it, " + writer_name(sides.flow) +
                           (sent == nullptr ? " do not write it" : " may leave it out"));
            accepted = false;
        } else if (sent != nullptr && !accepts(field.type, sent->type, sides, what, at)) {
            accepted = false;
        }
    }
    // Members a reader does not know are passed over: fields only the writer has break nothing.
    return accepted;
}

bool TypeComparer::accepts_enum(const model::Enum& read, const model::Enum& written, const Sides& sides) {
    const model::Enum& newer = sides.flow == Flow::to_server ? read : written;
    bool accepted = true;
    for (const auto& value : written.values) {
        bool known =
            std::any_of(read.values.begin(), read.values.end(), [&](const auto& v) { return v.wire == value.wire; });
        if (known) continue;
        breaks(newer.location, "enum " + newer.name.wire + ": " + writer_name(sides.flow) + " may write '" +
                                   value.wire + "', which " + reader_name(sides.flow) + " refuse");
        accepted = false;
    }
    return accepted;
}

bool TypeComparer::accepts_variant(const model::Variant& read, const model::Variant& written, const Sides& sides) {
    const model::Variant& newer = sides.flow == Flow::to_server ? read : written;
    std::string what = "variant " + newer.name.wire;
    if (read.discriminator != written.discriminator) {
        breaks(newer.location, what + ": its discriminator changes");
        return false;
    }
    bool accepted = true;
    for (std::size_t i = 0; i < written.alternatives.size(); ++i) {
        // Discriminated: the alternative with the same value; else the one at the same place.
        std::size_t match = i;
        if (written.discriminator) {
            auto found = std::find(read.discriminator_values.begin(), read.discriminator_values.end(),
                                   written.discriminator_values.at(i));
            match = static_cast<std::size_t>(found - read.discriminator_values.begin());
        }
        std::string alternative = what + " alternative " + std::to_string(i + 1);
        if (match >= read.alternatives.size()) {
            breaks(newer.location, alternative + ": " + writer_name(sides.flow) + " may write it, " +
                                       reader_name(sides.flow) + " have no such alternative");
            accepted = false;
        } else if (!accepts(read.alternatives[match], written.alternatives[i], sides, alternative, newer.location)) {
            accepted = false;
        }
    }
    return accepted;
}

}  // namespace rpcforge::diff
