#!/usr/bin/env bash
# Instructions the server spends per request, under callgrind (repeatable on a noisy machine,
# unlike time): bench_server on one I/O thread with its methods on that thread, driven for a few
# seconds over one connection; only the I/O thread's event loop is counted.
#
#   bench/instructions_per_request.sh build/bench http|tcp|ws|unix [add|batch|echo] [SERVER_FLAG...]
# Flags after the workload go to bench_server (e.g. --metrics: the cost of counting).
set -euo pipefail
build=${1:?build directory}; protocol=${2:?http, tcp, ws or unix}; workload=${3:-add}
shift $(( $# < 3 ? $# : 3 ))
server_flags=("$@")
bin=$build/bench
out=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; [ -n "${KEEP_PROFILE:-}" ] && cp "$out/callgrind" "$KEEP_PROFILE"; rm -rf "$out"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
case $protocol in
  http) url=http://127.0.0.1:$port/rpc ;;
  tcp) url=tcp://127.0.0.1:$port ;;
  ws) url=ws://127.0.0.1:$port/rpc ;;
  unix) url=unix://$out/socket ;;
esac
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind" --toggle-collect='boost::asio::detail::scheduler::run*' \
  "$bin/bench_server" --io-threads 1 --threads 1 --on-io-thread --listen "$url" "${server_flags[@]}" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do
  if [ "$protocol" = unix ]; then [ -S "$out/socket" ] && break; else (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; fi
  sleep 0.1
done
if [ "$protocol" = http ]; then
  result=$(BENCH_WORKLOAD=$workload wrk -t1 -c1 -d3s -s "$(dirname "$0")/http/jsonrpc.lua" "$url" | tail -1)
else
  result=$("$bin/rpc_load" --url "$url" --workload "$workload" --seconds 3 --warmup 0)
fi
kill -TERM $server; wait $server || true
# Every call the server answered: rpc_load's "answered" counts those before its window opens too
# (wrk's run has no such part, so its "ok" is all of them).
if echo "$result" | grep -q '"answered"'; then
  calls=$(echo "$result" | sed -E 's/.*"answered": ?([0-9]+).*/\1/')
else
  calls=$(echo "$result" | sed -E 's/.*"ok": ?([0-9]+).*/\1/')
fi
total=$(callgrind_annotate "$out/callgrind" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$protocol $workload${server_flags[*]:+ (${server_flags[*]})}: $calls calls, $(( total / calls )) instructions per call (the server's I/O thread)"
