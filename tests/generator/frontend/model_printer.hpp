#pragma once
// Readable text of a model, so that a failed comparison of whole models shows what differs.
// GoogleTest finds PrintTo by argument-dependent lookup.

#include "model/model.hpp"

#include <ostream>
#include <string>

namespace rpcforge::model {

std::string to_text(const Type& type);
std::string to_text(const Service& service);

void PrintTo(const SourceLocation& location, std::ostream* out);
void PrintTo(const Type& type, std::ostream* out);
void PrintTo(const Service& service, std::ostream* out);

}  // namespace rpcforge::model

namespace rpcforge::model::testing {

/// `service` with every source location cleared, to compare what was read apart from where.
Service without_locations(Service service);

}  // namespace rpcforge::model::testing
