#pragma once
// The view model as Mustache data. Every key a template may look up is set on every item, so
// a missing key never falls through to an enclosing section's value of the same name.

#include "view/view.hpp"

#include <kainjow/mustache.hpp>

namespace rpcforge::emit {

kainjow::mustache::data to_data(const view::ServiceView& service);

}  // namespace rpcforge::emit
