#pragma once
// JSON Schema (as OpenRPC uses it) to model types, following the type mapping of docs/generator.md.
//
// Every schema is mapped once, by its JSON pointer: a schema reached again (through a $ref,
// a shared content descriptor, or itself, for recursive types) gives the same type. Objects,
// string enums and oneOf/anyOf become declarations in Service::types, named after their
// component (`#/components/schemas/User` -> `User`) or, when written inline, after their
// place (`get_user` param `filter` -> `GetUserFilter`; field `address` of `User` ->
// `UserAddress`; array items `...Item`, map values `...Value`, variant alternatives the
// discriminator value or `...Option<n>`). A declaration is registered before its members
// are mapped, which is what lets a struct refer to itself.

#include "frontend/openrpc/mapping_context.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rpcforge::frontend::openrpc {

class TypeMapper {
public:
    explicit TypeMapper(MappingContext& context) : context_(context) {}

    /// Reserves the names of components/schemas: authors' names go before made-up ones.
    void reserve_component_names();
    /// Maps every components/schemas entry, in the order written, so that each is declared
    /// even when no method uses it.
    void map_components();

    /// Puts Service::types in a reading order: components as written, then the types named
    /// after their place, in the order met. (Mapping declares a component when first used.)
    void order_types();

    /// The type of the schema `schema` found at `pointer`; `name` names the declaration it may
    /// need (ignored for components, which have theirs).
    model::Type map(const Json& schema, const std::string& pointer, const std::string& name);

    /// The schema's `default` as compact JSON text, following $ref when the use site has none.
    std::optional<std::string> default_of(const Json& schema) const;

private:
    /// What a schema's `type` (or, without one, its other keywords) says.
    struct Shape {
        std::string type;  ///< a JSON Schema type name; "" for any value
        bool nullable = false;
    };

    model::Type map_uncached(const Json& schema, const std::string& pointer, const std::string& name);
    void report_unsupported_keywords(const Json& schema, const std::string& pointer);
    model::Type map_ref(const Json& schema, const std::string& pointer);
    std::optional<std::string> ref_target(const Json& schema, const std::string& pointer, bool report) const;
    const Json* follow_refs(const Json& schema) const;
    const Json* valid_component(const std::string& pointer) const;

    std::optional<Shape> shape_of(const Json& schema, const std::string& pointer);
    model::Type map_shape(const Json& schema, const std::string& pointer, const std::string& name, const Shape& shape);
    model::Type map_integer(const Json& schema, const std::string& pointer);
    model::Type map_number(const Json& schema, const std::string& pointer);
    model::Type map_array(const Json& schema, const std::string& pointer, const std::string& name);

    // type_mapper_objects.cpp
    model::Type map_object(const Json& schema, const std::string& pointer, const std::string& name, bool nullable);
    model::Type map_struct(const Json& schema, const std::string& pointer, const std::string& name, bool nullable);
    model::Type map_all_of(const Json& schema, const std::string& pointer, const std::string& name);
    struct Part {
        const Json* schema;
        std::string pointer;
    };
    void collect_parts(const Json& schema, const std::string& pointer, std::vector<Part>& parts);
    std::vector<model::Field> map_fields(const std::vector<Part>& parts, const std::string& struct_name);
    model::Field map_field(const std::string& key, const Json& schema, const std::string& pointer,
                           const std::string& struct_name);

    // type_mapper_variants.cpp
    model::Type map_enum(const Json& schema, const std::string& pointer, const std::string& name, bool nullable);
    model::Type map_variant(const Json& schema, const std::string& pointer, const std::string& name);
    bool is_null_schema(const Json& schema) const;
    struct Discriminator {
        std::string property;
        std::vector<std::string> values;
    };
    using Alternatives = std::vector<std::pair<std::string, const Json*>>;  ///< pointer, schema
    std::optional<Discriminator> declared_discriminator(const Json& schema, const std::string& pointer,
                                                        const Alternatives& alternatives) const;
    std::optional<Discriminator> find_discriminator(const Alternatives& alternatives) const;
    std::optional<std::string> constant_of(const Json& property_schema) const;

    /// Starts a declaration: its name (the component's, or a unique one made from `name`),
    /// its type remembered for `pointer` (so that it can refer to itself) and its slot in
    /// Service::types (so that it comes before the types it contains).
    struct Declaration {
        model::Name name;
        model::Type type;
        std::size_t index;
    };
    Declaration declare(const std::string& pointer, const std::string& name, bool nullable, model::TypeDecl empty);

    MappingContext& context_;
    std::map<std::string, model::Name> component_names_;  ///< by pointer
    std::map<std::string, std::size_t> component_order_;  ///< by pointer
    std::map<std::string, model::Type> types_;            ///< by pointer: mapped or being mapped
    std::set<std::string> in_progress_;
    std::set<std::string> merging_;  ///< allOf schemas whose parts are being collected
};

}  // namespace rpcforge::frontend::openrpc
