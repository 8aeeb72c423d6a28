#!/usr/bin/env bash
# Runs an example end to end: its server on a free port, its client against it, then a
# graceful stop.
# Usage: run-example.sh [--listen URI] [--server-arg ARG]... [--client-arg ARG]... SERVER CLIENT
# The server listens on tcp://127.0.0.1:0 unless --listen says otherwise (port 0: a free one).
set -euo pipefail
listen="tcp://127.0.0.1:0"
server_args=()
client_args=()
while [ $# -gt 2 ]; do
  case "$1" in
    --listen) listen="$2"; shift 2 ;;
    --server-arg) server_args+=("$2"); shift 2 ;;
    --client-arg) client_args+=("$2"); shift 2 ;;
    *) echo "usage: run-example.sh [--listen URI] [--server-arg ARG]... [--client-arg ARG]... SERVER CLIENT" >&2; exit 2 ;;
  esac
done
server_bin="$1"
client_bin="$2"
log=$(mktemp)
"$server_bin" --listen "$listen" "${server_args[@]}" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 100); do
  uri=$(sed -n 's/^listening on //p' "$log")
  [ -n "$uri" ] && break
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.05
done
[ -n "$uri" ] || { echo "run-example: the server did not start" >&2; cat "$log"; exit 1; }

echo "$(basename "$server_bin") listening on $uri"
"$client_bin" --connect "$uri" "${client_args[@]}"
kill -TERM $server
wait $server
echo
echo "== what the server printed"
cat "$log"
