#pragma once
// A hand-built Calculator service that uses every part of the model: structs, an enum, optional
// and defaulted parameters, a notification, declared errors (one with typed data), a
// discriminated and an undiscriminated variant, a recursive struct, a variant cycle, a map,
// an alias, a wire name that is not a C++ name, and a callback.

#include "model/model.hpp"

namespace rpcforge::emit::testing {

model::Service calculator_model();

/// Services at the edges: `Empty` has nothing at all, `Events` only notifications and callbacks.
model::Service empty_model();
model::Service events_model();

}  // namespace rpcforge::emit::testing
