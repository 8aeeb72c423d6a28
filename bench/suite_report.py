"""The suite's table and chart, from the report run_suite.py writes (bench/results/latest.json)."""

import subprocess

# gRPC runs over TCP: its floor is the raw-TCP one.
FLOOR_OF_PROTOCOL = {"http": "nginx floor", "tcp": "epoll floor", "unix": "epoll floor", "ws": "epoll floor",
                     "grpc": "epoll floor"}
PEERS = ["libjson-rpc-cpp", "gRPC"]


def ratio(value, reference):
    if not value or not reference:
        return "-"
    return f"{value / reference:.2f}x"


def find(results, workload, system):
    return next((r for r in results if r["workload"] == workload and r["system"] == system), None)


def throughput_row(result, results):
    """Rate, latencies and the ratios of the rate to the floor and to each peer."""
    floor = find(results, result["workload"], FLOOR_OF_PROTOCOL.get(result["protocol"], ""))
    cells = [f"{result['rate']:,.0f}", str(result.get("p50_us", "-")), str(result.get("p99_us", "-")),
             f"{result['server_cpu_us']:.2f}" if "server_cpu_us" in result else "-"]
    cells.append(ratio(result["rate"], floor and floor["rate"]))
    cells.append(ratio(floor and floor.get("p99_us"), result.get("p99_us")) if floor and result.get("p99_us") else "-")
    for peer in PEERS:
        other = find(results, result["workload"], peer)
        cells.append(ratio(result["rate"], other and other["rate"]) if other is not result else "-")
    return cells


def memory_row(result, results):
    floor = find(results, result["workload"], FLOOR_OF_PROTOCOL.get(result["protocol"], "epoll floor"))
    cells = [f"{result['kib_per_connection']:.2f} KiB/conn", f"{result['open_at_end']} open", "-", "-"]
    # Lower is better: the ratio is how many times the floor's memory this system takes.
    cells.append(ratio(result["kib_per_connection"], floor and floor["kib_per_connection"]))
    cells.append("-")
    for peer in PEERS:
        other = find(results, result["workload"], peer)
        cells.append(ratio(result["kib_per_connection"], other and other["kib_per_connection"])
                     if other is not result else "-")
    return cells


def print_table(report):
    header = ["workload", "system", "calls/s", "p50 us", "p99 us", "CPU us/call", "x floor", "floor p99/p99"] + \
             [f"x {peer}" for peer in PEERS]
    rows = []
    for result in report["results"]:
        make = memory_row if "kib_per_connection" in result else throughput_row
        rows.append([result["workload"], result["system"]] + make(result, report["results"]))
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    print("\nx floor: rate / the floor's (nginx for HTTP, the epoll responder for streams and WebSocket);"
          "\nfor idle10k, memory per connection / the floor's (lower is better)."
          "\nCPU us/call: the server's user and system CPU time per call it answered (lower is better);"
          "\nunlike the rate, it does not depend on the share of the cores the load tool takes. Median of "
          f"{report['settings']['runs']} runs of {report['settings']['seconds']} s.")


def panel(title, ylabel, rows, logscale=False):
    lines = [f'set title "{title}"', f'set ylabel "{ylabel}"', "set style data histogram",
             "set style fill solid 0.8 border -1", "set boxwidth 0.8", "set xtics rotate by -35 scale 0",
             "set yrange [0:*]", "set grid ytics"]
    lines.append("set logscale y" if logscale else "unset logscale y")
    lines.append("$data << EOD")
    lines += [f'"{name}" {value}' for name, value in rows] or ['"none" 0']
    lines.append("EOD")
    lines.append("plot $data using 2:xtic(1) notitle linecolor rgb '#4477aa'")
    return lines


def write_chart(report, path, scratch):
    results = report["results"]

    def rows(workload, key):
        return [(r["system"], r[key]) for r in results if r["workload"] == workload and key in r]

    script = [f"set terminal pngcairo size 1600,1100 font ',10'" if _has_cairo() else "set terminal png size 1600,1100",
              f"set output '{path}'", "set multiplot layout 2,2 title 'rpcforge benchmark suite (same machine, one run)'"]
    script += panel("add(a, b), 64 connections", "calls/s", rows("add_64conn", "rate"))
    script += panel("add(a, b), 1 connection: p99 latency", "microseconds", rows("add_1conn", "p99_us"))
    script += panel("batches of 100 / pipelined 16 (calls/s)", "calls/s",
                    [(f"{name} batch", v) for name, v in rows("batch100", "rate")] +
                    [(f"{name} pipe16", v) for name, v in rows("add_pipelined16", "rate")])
    script += panel("memory per idle connection", "KiB", rows("idle10k", "kib_per_connection"))
    script.append("unset multiplot")
    script_path = scratch / "chart.gp"
    script_path.write_text("\n".join(script) + "\n")
    subprocess.run(["gnuplot", str(script_path)], check=True)


def _has_cairo():
    terminals = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
    return "pngcairo" in (terminals.stdout + terminals.stderr)
