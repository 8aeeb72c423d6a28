#pragma once
// The arguments of `rpcforge call` as JSON-RPC params.

#include <rpcforge/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace rpcforge::remote {

/// A command line that cannot make params: a usage error.
class ArgumentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Params from the words after the method: `name=value` words give params by name, other words
/// by position (the two do not mix). A value is JSON when it reads as JSON (`3`, `true`,
/// `[1,2]`, `"7"`), else the word itself as a string, so `city=Paris` needs no quotes; a
/// positional word with an `=` in it is taken as a name unless written as a JSON string. No
/// words: no params (null).
json params_from_arguments(const std::vector<std::string>& words);

}  // namespace rpcforge::remote
