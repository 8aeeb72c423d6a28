#pragma once
// Validation of a JSON document against one of rpcforge's own JSON Schemas (schema/*.json).
//
// Hand-written because Debian ships no JSON Schema validator for C++, and nothing is
// downloaded at build time. It implements the draft-07 keywords our schemas use and no more:
// a schema using any other keyword is refused when the validator is made, so a schema and
// its validator cannot silently drift apart.
//
// Supported: type, enum, const, properties, required, additionalProperties,
// patternProperties, items (one schema), minItems, uniqueItems, minLength, pattern,
// allOf, anyOf, oneOf, not, if/then/else, $ref (to "#" or "#/..." in the same document),
// and the annotations $schema, $id, $comment, title, description, default, examples,
// definitions.

#include "frontend/openrpc/json_source.hpp"

#include <map>
#include <string>
#include <vector>

// GCC 12 at -O2 warns that std::regex's own std::function members "may be used uninitialized"
// (a false positive inside libstdc++, GCC bug 105616); the warning is silenced for <regex> only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif

namespace rpcforge::frontend::openrpc {

struct ValidationError {
    std::string pointer;  ///< where in the instance
    bool at_key = false;  ///< about the member's key (an unknown property), not its value
    std::string message;
    bool operator==(const ValidationError&) const = default;
};

class SchemaValidator {
public:
    /// Throws std::invalid_argument when `schema` uses a keyword this validator does not
    /// implement, a malformed pattern or a $ref it cannot follow: a bug in our schema.
    explicit SchemaValidator(Json schema);

    /// Every violation, in the order met (depth first, members in document order).
    std::vector<ValidationError> validate(const Json& instance) const;

private:
    using Errors = std::vector<ValidationError>;

    void check_schema(const Json& schema, const std::string& at);
    void check_keyword(const std::string& keyword, const Json& value, const std::string& at);
    void add_pattern(const std::string& pattern, const std::string& at);
    const Json& resolve(const std::string& ref) const;

    void validate(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_type(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_values(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_object(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_member(const Json& schema, const std::string& key, const Json& value, const std::string& pointer,
                         Errors& errors) const;
    void validate_array(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_string(const Json& schema, const Json& instance, const std::string& pointer, Errors& errors) const;
    void validate_combinators(const Json& schema, const Json& instance, const std::string& pointer,
                              Errors& errors) const;
    void validate_alternatives(const Json& alternatives, bool exactly_one, const Json& instance,
                               const std::string& pointer, Errors& errors) const;
    bool matches(const Json& schema, const Json& instance, const std::string& pointer) const;

    Json schema_;
    std::map<std::string, std::regex> patterns_;
};

}  // namespace rpcforge::frontend::openrpc
