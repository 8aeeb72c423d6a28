#!/usr/bin/env python3
"""The side-by-side benchmark suite: rpcforge and its peers, on this machine, in one run.

Starts each system's server on loopback, drives it with the one load tool of its protocol (wrk
for HTTP, rpc_load for TCP/Unix/WebSocket, grpc_load for gRPC), takes the median of several
runs, and prints one table with ratios to the floor (nginx for HTTP, the epoll responder for
streams) and to the peers (libjson-rpc-cpp, gRPC). Writes the figures as JSON and a PNG chart.

    bench/run_suite.py --build-dir build/bench            # what `make bench` runs
    bench/run_suite.py --build-dir build/test --quick --systems rpcforge,epoll --out /tmp/x

Every load tool counts only right answers and reports errors; a run with errors fails the suite.
Figures depend on the machine: compare ratios within one run, never numbers across machines.
"""

import argparse
import json
import os
import pathlib
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from suite_report import print_table, write_chart

SOURCE = pathlib.Path(__file__).resolve().parent


class Settings:
    def __init__(self, args):
        self.build = pathlib.Path(args.build_dir).resolve()
        self.runs = 1 if args.quick else args.runs
        self.seconds = 0.3 if args.quick else args.seconds
        self.warmup = 0.1 if args.quick else 0.5
        self.idle_connections = 200 if args.quick else 10000
        self.quick = args.quick
        self.systems = set(args.systems.split(",")) if args.systems else None
        self.workloads = set(args.workloads.split(",")) if args.workloads else None
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="rpcforge-bench-"))

    def binary(self, relative):
        return self.build / "bench" / relative


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def process_tree_rss_kib(pid):
    """Resident memory of a process and its children (nginx's workers), in KiB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            pass
    return total


def process_tree_cpu_seconds(pid):
    """User and system CPU time of a process (all its threads) and its children, in seconds."""
    ticks, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                # Fields after the command name, which is in parentheses and may hold spaces.
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


class Server:
    """A system under test: started once, asked for the endpoint of each protocol it serves."""

    def __init__(self, name, command, ports, endpoints, env=None):
        self.name, self.command, self.ports, self.endpoints, self.env = name, command, ports, endpoints, env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        env=self.env, start_new_session=True)
        for port in self.ports:
            wait_for_port(port, self.process)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def rss_kib(self):
        return process_tree_rss_kib(self.process.pid)

    def cpu_seconds(self):
        return process_tree_cpu_seconds(self.process.pid)


def rpcforge_server(settings, io_threads=2, threads=2, on_io_thread=True, metrics=False):
    http, tcp, ws = free_port(), free_port(), free_port()
    unix_path = settings.scratch / f"rpcforge-{tcp}.sock"  # servers side by side (metrics_cost.py) each have one
    command = [str(settings.binary("bench_server")), "--io-threads", str(io_threads), "--threads", str(threads),
               "--listen", f"http://127.0.0.1:{http}/rpc", "--listen", f"tcp://127.0.0.1:{tcp}",
               "--listen", f"ws://127.0.0.1:{ws}/rpc", "--listen", f"unix://{unix_path}"]
    if on_io_thread:
        command.append("--on-io-thread")
    if metrics:
        command.append("--metrics")
    return Server("rpcforge", command, [http, tcp, ws], {
        "http": f"http://127.0.0.1:{http}/rpc", "tcp": f"tcp://127.0.0.1:{tcp}",
        "ws": f"ws://127.0.0.1:{ws}/rpc", "unix": f"unix://{unix_path}"})


def jsonrpccpp_server(settings, threads):
    port = free_port()
    return Server("libjson-rpc-cpp", [str(settings.binary("peers/jsonrpccpp_server")), "--port", str(port),
                                      "--threads", str(threads)], [port], {"http": f"http://127.0.0.1:{port}/"})


def grpc_server(settings):
    port = free_port()
    return Server("gRPC", [str(settings.binary("peers/grpc_server")), "--port", str(port)], [port],
                  {"grpc": f"127.0.0.1:{port}"})


def epoll_floor(settings):
    port = free_port()
    return Server("epoll floor", [str(settings.binary("epoll_floor")), str(port)], [port],
                  {"tcp": f"tcp://127.0.0.1:{port}"})


def nginx_floor(settings):
    port = free_port()
    directory = settings.scratch / "nginx"
    directory.mkdir(exist_ok=True)
    config = (SOURCE / "floor" / "nginx.conf.in").read_text()
    config = config.replace("@PORT@", str(port)).replace("@DIR@", str(directory))
    (directory / "nginx.conf").write_text(config)
    return Server("nginx floor", [shutil.which("nginx") or "/usr/sbin/nginx", "-e", str(directory / "error.log"),
                                  "-c", str(directory / "nginx.conf"), "-p", str(directory)], [port],
                  {"http": f"http://127.0.0.1:{port}/rpc"})


# --- load tools ------------------------------------------------------------------------------

def run_tool(command, env=None, timeout=None):
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{command[0]} printed no result (exit {result.returncode}): {result.stderr.strip()}")
    figures = json.loads(lines[-1])
    if figures.get("errors", 0) > 0 or figures.get("ok", 1) == 0:
        raise RuntimeError(f"{' '.join(map(str, command))}: wrong answers or none: {figures} {result.stderr.strip()}")
    return figures


def with_server_cpu(server, run):
    """Runs a load tool, and adds the server's CPU time per call it served ("server_cpu_us"):
    a figure the load tool's own share of the machine does not blur, as it does the rate when the
    tool and the server share two cores. Every right answer counts ("answered": the warm-up's
    too), since the server spent CPU on each."""
    before = server.cpu_seconds()
    figures = run()
    served = figures.get("answered")
    if served:
        figures["server_cpu_us"] = round((server.cpu_seconds() - before) * 1e6 / served, 2)
    return figures


def wrk(settings, server, url, workload, connections, extra_env=None):
    env = dict(os.environ, BENCH_WORKLOAD=workload, **(extra_env or {}))
    threads = min(2, connections)
    base = ["wrk", "-t", str(threads), "-c", str(connections), "-s", str(SOURCE / "http" / "jsonrpc.lua"),
            "--timeout", "10s", url]
    # wrk takes whole seconds only, and has no warm-up of its own: a run first, not counted.
    subprocess.run(base[:1] + ["-d", "1s"] + base[1:], capture_output=True, env=env)
    timed = base[:1] + ["-d", f"{max(1, round(settings.seconds))}s"] + base[1:]

    def timed_run():
        figures = run_tool(timed, env=env)
        figures["answered"] = figures["ok"]  # the run after the warm-up counts every right answer
        return figures

    return with_server_cpu(server, timed_run)


def rpc_load(settings, server, url, *arguments):
    return with_server_cpu(server, lambda: run_tool([
        str(settings.binary("rpc_load")), "--url", url, "--seconds", str(settings.seconds),
        "--warmup", str(settings.warmup), *map(str, arguments)], timeout=120))


def grpc_load(settings, server, target, *arguments):
    return with_server_cpu(server, lambda: run_tool([
        str(settings.binary("peers/grpc_load")), "--target", target, "--seconds", str(settings.seconds),
        "--warmup", str(settings.warmup), *map(str, arguments)], timeout=120))


def load(settings, server, protocol, workload, connections=1, depth=1):
    """One measurement of `workload` over `protocol` with the protocol's own tool."""
    endpoint = server.endpoints[protocol]
    if protocol == "http":
        if depth != 1:
            return None
        return wrk(settings, server, endpoint, workload, connections)
    if protocol == "grpc":
        if workload not in ("add", "echo") or depth != 1:
            return None
        return grpc_load(settings, server, endpoint, "--method", workload, "--connections", connections,
                         "--threads", min(2, connections))
    if workload == "notify":
        return rpc_load(settings, server, endpoint, "--notifications")
    return rpc_load(settings, server, endpoint, "--workload", workload, "--connections", connections,
                    "--depth", depth, "--threads", min(2, connections))


def idle_memory(settings, server, protocol, endpoint):
    """Resident memory the server adds for each idle connection."""
    if protocol == "grpc":
        endpoint = "tcp://" + endpoint
    elif protocol == "http":
        endpoint = "tcp://" + endpoint.split("://", 1)[1].split("/", 1)[0]
    elif protocol == "ws":
        endpoint = "tcp://" + endpoint.split("://", 1)[1].split("/", 1)[0]
    before = server.rss_kib()
    tool = subprocess.Popen([str(settings.binary("rpc_load")), "--url", endpoint, "--idle",
                             str(settings.idle_connections), "--hold", "3"], stdout=subprocess.PIPE, text=True)
    held = json.loads(tool.stdout.readline() or "{}").get("held", 0)
    time.sleep(1.5)
    during = server.rss_kib()
    final = json.loads(tool.stdout.read().strip().splitlines()[-1])
    tool.wait()
    kept = final.get("open_at_end", 0)
    return {"ok": kept, "errors": 0, "held": held, "open_at_end": kept,
            "rss_mib": (during - before) / 1024, "kib_per_connection": (during - before) / max(kept, 1)}


# --- the suite -------------------------------------------------------------------------------

# (workload id, what it measures, load workload, connections, depth)
WORKLOADS = [
    ("add_1conn", "add(a, b), 1 connection, sequential", "add", 1, 1),
    ("add_64conn", "add(a, b), 64 connections", "add", 64, 1),
    ("add_pipelined16", "add(a, b), 1 connection, 16 in flight", "add", 1, 16),
    ("batch100", "batches of 100 add calls, 1 connection", "batch", 1, 1),
    ("echo_1mib", "echo of a 1 MiB string, 1 connection", "echo", 1, 1),
    ("notifications", "notifications, 1 connection", "notify", 1, 1),
    ("idle10k", "resident memory with idle connections", "idle", 0, 0),
]


def median_of_runs(settings, measure):
    """Each figure is the median of its own values over the runs (a rate's and a p99's medians
    can come from different runs: one slow moment then skews neither)."""
    runs = [measure() for _ in range(settings.runs)]
    runs = [run for run in runs if run is not None]
    if not runs:
        return None
    key = "kib_per_connection" if "kib_per_connection" in runs[0] else "rate"
    middle = dict(runs[0])
    for name, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            middle[name] = statistics.median(run[name] for run in runs)
    middle["runs"] = [run[key] for run in runs]
    return middle


ALL_WORKLOADS = {w[0] for w in WORKLOADS}
# The floors answer add() and nothing else: they are the cost of the transport alone.
FLOOR_WORKLOADS = {"add_1conn", "add_64conn", "add_pipelined16", "idle10k"}
# rpcforge with its default policy (methods on the handler pool): what the hand-off costs.
POOL_WORKLOADS = {"add_1conn", "add_64conn"}
# rpcforge with metrics on: the same calls, counted.
METRICS_WORKLOADS = {"add_1conn", "add_64conn"}


def measure_server(settings, results, server, label, protocols, workloads):
    """The workloads against one running server, for each of its protocols."""
    for workload_id, _, workload, connections, depth in WORKLOADS:
        if workload_id not in workloads or (settings.workloads and workload_id not in settings.workloads):
            continue
        for protocol in protocols:
            endpoint = server.endpoints[protocol]
            system = f"{label} {protocol}" if label.startswith("rpcforge") else label
            if workload == "idle":
                if protocol in ("ws", "unix"):
                    continue  # the same listening code as tcp and http: nothing new to learn
                figures = median_of_runs(settings, lambda: idle_memory(settings, server, protocol, endpoint))
            else:
                figures = median_of_runs(settings, lambda: load(settings, server, protocol, workload,
                                                                  connections, depth))
            if figures is None:
                continue
            figures.update(system=system, protocol=protocol, workload=workload_id)
            results.append(figures)
            print(f"  {workload_id:16} {system:22} {summary(figures)}", flush=True)


def summary(figures):
    if "kib_per_connection" in figures:
        return f"{figures['kib_per_connection']:.2f} KiB/connection ({figures['open_at_end']} open)"
    return f"{figures['rate']:.0f}/s p50 {figures.get('p50_us', 0)} us p99 {figures.get('p99_us', 0)} us"


def best_jsonrpccpp_threads(settings):
    """libjson-rpc-cpp at its best: the thread count that gives the most add() calls at 64 connections."""
    if settings.quick:
        return 4
    best, best_rate = 4, 0
    for threads in (1, 2, 4, 8, 16):
        with jsonrpccpp_server(settings, threads) as server:
            rate = wrk(settings, server, server.endpoints["http"], "add", 64)["rate"]
        print(f"  libjson-rpc-cpp with {threads:2} threads: {rate:.0f} add/s at 64 connections", flush=True)
        if rate > best_rate:
            best, best_rate = threads, rate
    return best


def available(settings, system):
    if settings.systems and system not in settings.systems:
        return False
    needs = {
        "rpcforge": [settings.binary("bench_server"), settings.binary("rpc_load")],
        "epoll": [settings.binary("epoll_floor"), settings.binary("rpc_load")],
        "nginx": [shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("wrk") or "wrk"],
        "libjson-rpc-cpp": [settings.binary("peers/jsonrpccpp_server"), shutil.which("wrk") or "wrk"],
        "gRPC": [settings.binary("peers/grpc_server"), settings.binary("peers/grpc_load")],
    }[system]
    missing = [str(path) for path in needs if not pathlib.Path(path).exists()]
    if missing:
        print(f"skipping {system}: missing {', '.join(missing)} (run `make bench`)", flush=True)
    return not missing


def run_suite(settings):
    results = []
    rpcforge_protocols = ["http", "tcp", "ws", "unix"]
    if shutil.which("wrk") is None:
        rpcforge_protocols.remove("http")
    # rpcforge runs its methods on the I/O thread (MethodPolicy::on_io_thread(), what a method
    # of a few instructions should use), and again with the default policy, the handler pool.
    plan = [
        ("rpcforge", lambda: rpcforge_server(settings), "rpcforge", rpcforge_protocols, ALL_WORKLOADS),
        ("rpcforge", lambda: rpcforge_server(settings, on_io_thread=False), "rpcforge pool",
         [p for p in rpcforge_protocols if p in ("http", "tcp")], POOL_WORKLOADS),
        # Metrics on (docs/observability.md): what counting every call and connection costs.
        ("rpcforge", lambda: rpcforge_server(settings, metrics=True), "rpcforge metrics",
         [p for p in rpcforge_protocols if p in ("http", "tcp")], METRICS_WORKLOADS),
        ("epoll", lambda: epoll_floor(settings), "epoll floor", ["tcp"], FLOOR_WORKLOADS),
        ("nginx", lambda: nginx_floor(settings), "nginx floor", ["http"], FLOOR_WORKLOADS),
        ("libjson-rpc-cpp", None, "libjson-rpc-cpp", ["http"], ALL_WORKLOADS),
        ("gRPC", lambda: grpc_server(settings), "gRPC", ["grpc"], ALL_WORKLOADS),
    ]
    configuration = {"rpcforge": "2 I/O threads; methods on the I/O thread (pool: on 2 handler threads)"}
    for system, make_server, label, protocols, workloads in plan:
        if not available(settings, system):
            continue
        print(f"{label}:", flush=True)
        if system == "libjson-rpc-cpp":
            threads = best_jsonrpccpp_threads(settings)
            configuration["libjson-rpc-cpp threads"] = threads
            make_server = lambda: jsonrpccpp_server(settings, threads)  # noqa: E731
        with make_server() as server:
            measure_server(settings, results, server, label, protocols, workloads - {"idle10k"})
        # Memory is read on a server of its own: one that served the other workloads first keeps
        # their heap, and new connections would fit in it without growing it.
        for protocol in protocols if "idle10k" in workloads else []:
            with make_server() as server:
                measure_server(settings, results, server, label, [protocol], {"idle10k"})
    return results, configuration


def machine_description():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": os.uname().release}


def raise_open_file_limit():
    """10,000 idle connections need more descriptors than the usual soft limit of 1024, in the
    servers and in the load tool alike: the children inherit the raised limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main():
    raise_open_file_limit()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build/bench")
    parser.add_argument("--out", default=str(SOURCE / "results"), help="directory for latest.json and latest.png")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--quick", action="store_true", help="a seconds-long smoke run: 1 run, short, few connections")
    parser.add_argument("--systems", help="comma-separated: rpcforge,epoll,nginx,libjson-rpc-cpp,gRPC")
    parser.add_argument("--workloads", help="comma-separated workload ids: " + ",".join(w[0] for w in WORKLOADS))
    args = parser.parse_args()
    settings = Settings(args)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        results, configuration = run_suite(settings)
        report = make_report(settings, results, configuration)
        (out / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
        print_table(report)
        if shutil.which("gnuplot"):
            write_chart(report, out / "latest.png", settings.scratch)
            print(f"\nwrote {out / 'latest.json'} and {out / 'latest.png'}")
        else:
            print(f"\nwrote {out / 'latest.json'} (no gnuplot: no chart)")
    finally:
        shutil.rmtree(settings.scratch, ignore_errors=True)
    return 0


def make_report(settings, results, configuration):
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine_description(),
        "settings": {"runs": settings.runs, "seconds": settings.seconds, "warmup": settings.warmup,
                     "idle_connections": settings.idle_connections, **configuration},
        "workloads": {w[0]: w[1] for w in WORKLOADS},
        "results": results,
    }


if __name__ == "__main__":
    sys.exit(main())
