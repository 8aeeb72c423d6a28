#pragma once
// The two load shapes that are not request/answer: a flood of notifications on one connection,
// and many idle connections held open while the server's memory is read.

#include "load_connection.hpp"

#include <nlohmann/json.hpp>

namespace rpcforge::bench {

/// Sends add-free notifications `note(1)` as fast as the connection takes them, for `warmup` and
/// then for `measured`; brackets the measured part with calls to `noted`, which the server answers
/// after every notification before it (a connection's messages start in order). The rate counts
/// notifications the server saw; any sent but not seen are errors.
nlohmann::json flood_notifications(const Target& target, std::chrono::nanoseconds warmup,
                                   std::chrono::nanoseconds measured);

/// Opens `count` connections that send nothing, prints {"held": n} at once (the caller reads the
/// server's memory then), holds them for `hold`, and tells how many the server kept open.
nlohmann::json hold_idle_connections(const Target& target, std::size_t count, std::chrono::nanoseconds hold);

}  // namespace rpcforge::bench
