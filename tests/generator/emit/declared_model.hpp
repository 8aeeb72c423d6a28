#pragma once
// The model the C++ header frontend makes of tests/generator/emit/chat_service.hpp, built by
// hand: every type spelled as the header spells it (Type::cpp), the user's declarations named
// (cpp_declared), parameters as declared, and the header and interface of the service.
// std::optional parameters and fields are ones that may be absent (required = false); a default
// argument is the parameter's default.

#include "model/model.hpp"

namespace rpcforge::emit::testing {

model::Service declared_chat_model();

}  // namespace rpcforge::emit::testing
