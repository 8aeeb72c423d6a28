#pragma once
// What the load generator sends and how it checks each answer. A call is counted only when its
// answer is right: add(id, 2) must answer id + 2 under the same id; echo must give back the very
// text it was sent; a batch must answer every one of its calls.

#include <cstdint>
#include <string>
#include <string_view>

namespace rpcforge::bench {

enum class WorkloadKind { add, echo, batch };

struct Workload {
    WorkloadKind kind = WorkloadKind::add;
    std::size_t echo_bytes = 1 << 20;
    std::size_t batch_size = 100;

    /// Appends the message with this id (a batch: ids id .. id + batch_size - 1).
    void append_message(std::string& out, std::uint64_t id) const;
    /// Calls one message carries: batch_size for a batch, else 1.
    std::size_t calls_per_message() const { return kind == WorkloadKind::batch ? batch_size : 1; }
    /// The right calls an answer holds, and the id of its message (first id for a batch);
    /// calls == 0 when the answer is wrong.
    struct Checked {
        std::size_t calls = 0;
        std::uint64_t id = 0;
    };
    Checked check(std::string_view answer) const;

    /// Makes the echo text once; append_message copies it.
    void prepare();

private:
    std::string echo_text_;
};

WorkloadKind parse_workload_kind(const std::string& name);

}  // namespace rpcforge::bench
