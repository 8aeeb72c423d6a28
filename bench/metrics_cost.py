#!/usr/bin/env python3
"""What metrics cost in server CPU per call: two bench_servers, one with --metrics and one
without, in the configuration `make bench` runs (run_suite.py's), serving the same stream of
calls in turns.

On this kind of machine (2 shared cores) the CPU one server spends per call moves by a third
from one second to the next, far more than the difference sought, and the suite's two rows
are measured minutes apart. Here one load tool (rpc_load --paired-url) gives each of its
connections a partner to the other server, and each answer on one sends the next call on the
other: both servers serve alternate calls of one stream, microseconds apart, so whatever the
machine does falls on both alike. Each round's ratio (metrics over plain) compares CPU spent on
the same calls; the cost is the median of the rounds' ratios, and their quartiles say how far
one round can be trusted. Which server starts the stream alternates from round to round.

Server CPU is the scheduler's run time of the server's threads, to the nanosecond
(/proc/PID/task/TID/schedstat; bench_server keeps its threads), not /proc/PID/stat's ticks.

    bench/metrics_cost.py --build-dir build/bench                  # tcp and http, 1 and 64 conns
    bench/metrics_cost.py --rounds 20 --protocols tcp --connections 64
"""

import argparse
import os
import statistics
import sys

import run_suite


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build/bench")
    parser.add_argument("--rounds", type=int, default=10, help="rounds per case")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round")
    parser.add_argument("--protocols", default="tcp,http")
    parser.add_argument("--connections", default="1,64")
    arguments = parser.parse_args()
    # What run_suite.Settings reads.
    arguments.quick, arguments.runs, arguments.systems, arguments.workloads = False, 1, None, None
    return arguments


def cpu_seconds(server):
    """The scheduler's run time of every thread of a running server."""
    task_directory = f"/proc/{server.process.pid}/task"
    nanoseconds = 0
    for task in os.listdir(task_directory):
        with open(f"{task_directory}/{task}/schedstat") as schedstat:
            nanoseconds += int(schedstat.read().split()[0])
    return nanoseconds / 1e9


def paired_round(settings, first, second, protocol, connections):
    """Server CPU microseconds per call of `first` and `second`, serving calls in turns."""
    before = cpu_seconds(first), cpu_seconds(second)
    figures = run_suite.run_tool([
        str(settings.binary("rpc_load")), "--url", first.endpoints[protocol], "--paired-url",
        second.endpoints[protocol], "--workload", "add", "--connections", str(connections),
        "--threads", str(min(2, connections)), "--seconds", str(settings.seconds), "--warmup",
        str(settings.warmup)], timeout=120)
    after = cpu_seconds(first), cpu_seconds(second)
    served = figures["answered"], figures["paired"]["answered"]
    return [round((after[i] - before[i]) * 1e6 / served[i], 3) for i in range(2)]


def measure(settings, plain, metered, protocol, connections, rounds):
    """Per round, the CPU per call of the plain server and of the one with metrics."""
    figures = {"plain": [], "metrics": []}
    for round_index in range(rounds):
        if round_index % 2 == 0:
            plain_cpu, metrics_cpu = paired_round(settings, plain, metered, protocol, connections)
        else:
            metrics_cpu, plain_cpu = paired_round(settings, metered, plain, protocol, connections)
        figures["plain"].append(plain_cpu)
        figures["metrics"].append(metrics_cpu)
    return figures


def as_cost(ratio):
    return (ratio - 1) * 100


def report(case, figures):
    ratios = [m / p for p, m in zip(figures["plain"], figures["metrics"])]
    cost = as_cost(statistics.median(ratios))
    low, high = (as_cost(q) for q in statistics.quantiles(ratios, n=4)[::2]) if len(ratios) >= 2 else (cost, cost)
    rounds = " ".join(f"{as_cost(ratio):+.1f}" for ratio in ratios)
    print(f"{case:16} {statistics.median(figures['plain']):8.2f} {statistics.median(figures['metrics']):8.2f} "
          f"{cost:+6.1f}% {low:+6.1f}..{high:+5.1f}%   {rounds}", flush=True)


def main():
    arguments = parse_arguments()
    settings = run_suite.Settings(arguments)
    run_suite.raise_open_file_limit()
    protocols = arguments.protocols.split(",")
    connection_counts = [int(count) for count in arguments.connections.split(",")]
    print(f"server CPU per call (us), {arguments.rounds} rounds of {arguments.seconds} s, the two servers taking turns")
    print(f"{'case':16} {'plain':>8} {'metrics':>8} {'cost':>7} {'middle half':>15}   each round's cost")
    print("(plain, metrics: medians; cost: the median of the rounds' ratios; middle half: their quartiles)")
    with run_suite.rpcforge_server(settings) as plain, run_suite.rpcforge_server(settings, metrics=True) as metered:
        for protocol in protocols:
            for connections in connection_counts:
                figures = measure(settings, plain, metered, protocol, connections, arguments.rounds)
                report(f"{protocol} {connections} conn", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
