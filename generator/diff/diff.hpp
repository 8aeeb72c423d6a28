#pragma once
// `rpcforge diff`: what a new version of a service breaks for what was built against the old.
//
// Every difference between the two models is reported, compiler-style, at its place:
//   error   breaks existing clients on the wire: a call they make is refused, or an answer or a
//           callback they get cannot be read (a method or parameter removed, a required
//           parameter added, a type narrowed where clients write it or widened where they read it);
//   warning breaks the C++ of existing servers: the interface they implement changes (a method
//           added, a signature changed), though no client breaks;
//   note    compatible (an optional parameter added at the end, an enum value added where only
//           clients write it, a description).
// The judgement is about values on the wire, both directions: what clients send must still be
// accepted, what the server sends must still be read by clients generated from the old model.

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

namespace rpcforge::diff {

void compare(const model::Service& before, const model::Service& after, diagnostics::Sink& sink);

}  // namespace rpcforge::diff
