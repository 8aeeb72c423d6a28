#pragma once
// Checks of a whole service model, for what no frontend can see alone: names that clash once
// mangled, references to undeclared types and errors, parameters out of order, defaults that
// do not fit their types, values that could never end. After check() reports no error, the
// emitters can print the model without deciding anything that could fail.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

namespace rpcforge::check {

/// Reports every problem of `service` to `sink`, each at the place of the node concerned,
/// naming the other place when two nodes clash. Errors stop generation; warnings do not.
void check(const model::Service& service, diagnostics::Sink& sink);

}  // namespace rpcforge::check
