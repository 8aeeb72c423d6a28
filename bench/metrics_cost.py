#!/usr/bin/env python3
"""What metrics cost in server CPU per call: an interleaved A/B of two bench_servers, one with
--metrics and one without, in the configuration `make bench` runs (run_suite.py's).

Single rounds on a 2-core machine vary by more than the difference sought, and the suite's two
rows are measured minutes apart; here the rounds alternate (A, B, B, A, ...) so that whatever
the machine does meanwhile falls on both alike, and the cost is the median of the rounds'
ratios (metrics over plain, each pair measured back to back).

    bench/metrics_cost.py --build-dir build/bench                  # tcp and http, 1 and 64 conns
    bench/metrics_cost.py --rounds 12 --protocols tcp --connections 64
"""

import argparse
import statistics
import sys

import run_suite


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build/bench")
    parser.add_argument("--rounds", type=int, default=8, help="rounds per server and case")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round")
    parser.add_argument("--protocols", default="tcp,http")
    parser.add_argument("--connections", default="1,64")
    arguments = parser.parse_args()
    # What run_suite.Settings reads.
    arguments.quick, arguments.runs, arguments.systems, arguments.workloads = False, 1, None, None
    return arguments


def interleaved_rounds(settings, plain, metered, protocol, connections, rounds):
    """Server CPU microseconds per call of each server, round by round, in ABBA order."""
    figures = {"plain": [], "metrics": []}
    for round_index in range(rounds):
        order = [("plain", plain), ("metrics", metered)]
        if round_index % 2 == 1:
            order.reverse()
        for name, server in order:
            measured = run_suite.load(settings, server, protocol, "add", connections)
            figures[name].append(measured["server_cpu_us"])
    return figures


def main():
    arguments = parse_arguments()
    settings = run_suite.Settings(arguments)
    run_suite.raise_open_file_limit()
    protocols = arguments.protocols.split(",")
    connection_counts = [int(count) for count in arguments.connections.split(",")]
    print(f"server CPU per call (us), median of {arguments.rounds} interleaved {arguments.seconds}-second rounds")
    print(f"{'case':16} {'plain':>8} {'metrics':>8} {'cost':>7}   rounds (plain | metrics)")
    print("(plain and metrics: medians; cost: the median of the rounds' ratios)")
    with run_suite.rpcforge_server(settings) as plain, run_suite.rpcforge_server(settings, metrics=True) as metered:
        for protocol in protocols:
            for connections in connection_counts:
                figures = interleaved_rounds(settings, plain, metered, protocol, connections, arguments.rounds)
                plain_median = statistics.median(figures["plain"])
                metrics_median = statistics.median(figures["metrics"])
                # The machine drifts over a run more than the two servers differ: compare each
                # round's pair, measured back to back, and take the median of those ratios.
                cost = (statistics.median(m / p for p, m in zip(figures["plain"], figures["metrics"])) - 1) * 100
                case = f"{protocol} {connections} conn"
                rounds = f"{' '.join(map(str, figures['plain']))} | {' '.join(map(str, figures['metrics']))}"
                print(f"{case:16} {plain_median:8.2f} {metrics_median:8.2f} {cost:+6.1f}%   {rounds}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
