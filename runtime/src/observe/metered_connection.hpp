#pragma once
// A connection that counts the bytes of the messages it carries for Metrics; the server puts
// it around each connection it accepts when ServerOptions::metrics is set (and only then:
// without metrics a message pays nothing for them).

#include <rpcforge/connection.hpp>

#include "observe/metric_counters.hpp"

#include <memory>

namespace rpcforge::detail {

/// Wraps `connection`, counting into `transport`; `owner` keeps the counters alive.
std::shared_ptr<Connection> metered(std::shared_ptr<Connection> connection, std::shared_ptr<Metrics> owner,
                                    TransportCounters& transport);

}  // namespace rpcforge::detail
