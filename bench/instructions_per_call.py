#!/usr/bin/env python3
"""Instructions per call of one function, counted by callgrind: repeatable on a busy machine,
where the benchmarks' times are not.

    bench/instructions_per_call.py BINARY FILTER FUNCTION [MIN_TIME]
    bench/instructions_per_call.py --table BENCH_DIR      (e.g. build/bench/bench)

runs BINARY --benchmark_filter=FILTER under callgrind and prints the inclusive instruction
count of FUNCTION, divided by the number of its calls. FUNCTION is a name, qualified as far as
needed: "serve_message" and "Dispatcher::dispatch" match "(anonymous namespace)::serve_message"
and "rpcforge::Dispatcher::dispatch", not the lambdas inside them.
The benchmarks keep the function they time out of line for this (see serve_message).
--table measures every benchmark of runtime_bench and codec_bench that way.
"""

import re
import subprocess
import sys
import tempfile


def base_name(function):
    """A function's qualified name without its parameters, ABI tags and clone suffixes."""
    name = function.replace("(anonymous namespace)", "{anonymous}").split("(", 1)[0]
    return re.sub(r"\[abi:\w+\]", "", name).strip()


def is_named(function, wanted):
    name = base_name(function)
    return name == wanted or name.endswith("::" + wanted)


def calls_into(profile_path, wanted):
    """(calls, inclusive instructions) summed over every call of the functions matching `wanted`."""
    names = {}
    calls = 0
    instructions = 0
    pending_calls = None
    target = ""
    with open(profile_path) as profile:
        for line in profile:
            if pending_calls is not None:
                instructions += int(line.split()[1])
                calls += pending_calls
                pending_calls = None
                continue
            match = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
            if match:
                if match.group(2) is not None:
                    names[match.group(1)] = match.group(2)
                if line.startswith("cfn="):
                    target = names.get(match.group(1), "")
                continue
            if line.startswith("calls=") and is_named(target, wanted):
                pending_calls = int(line[len("calls="):].split()[0])
    return calls, instructions


# Each benchmark, the function it repeats, and how long to run it (under callgrind, long
# enough that the first call's one-time costs, such as symbol binding, are spread thin).
TABLE = [
    ("runtime_bench", "ParseRequest", "parse_request", "0.05"),
    ("runtime_bench", "DispatchTypedAdd", "Dispatcher::dispatch", "0.05"),
    ("runtime_bench", "SerialiseResponse", "rpcforge::encode", "0.05"),
    ("runtime_bench", "WholePath$", "serve_message", "0.05"),
    ("runtime_bench", "WholePathWithMiddleware", "serve_message", "0.05"),
    ("runtime_bench", "WholePathWithMetrics", "serve_message", "0.05"),
    ("codec_bench", "DecodeOrderParams", "decode_plan_params", "0.3"),
    ("codec_bench", "EncodePickListResult", "encode_pick_list", "0.3"),
    ("codec_bench", "SerialisePickListResult", "serialise", "0.3"),
    ("codec_bench", "WholePlanCall", "serve_message", "0.3"),
]


def measure(binary, benchmark_filter, function, min_time):
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as profile:
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + profile.name, binary,
                        "--benchmark_filter=" + benchmark_filter, "--benchmark_min_time=" + min_time],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        calls, instructions = calls_into(profile.name, function)
    if calls == 0:
        sys.exit(f"no calls of a function named like '{function}' (inlined?)")
    print(f"{benchmark_filter}: {instructions / calls:,.0f} instructions per call of {function} ({calls} calls)",
          flush=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        for binary, benchmark_filter, function, min_time in TABLE:
            measure(f"{sys.argv[2]}/{binary}", benchmark_filter, function, min_time)
        return
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    min_time = sys.argv[4] if len(sys.argv) == 5 else "0.05"
    measure(*sys.argv[1:4], min_time)


if __name__ == "__main__":
    main()
