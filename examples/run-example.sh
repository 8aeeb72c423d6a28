#!/usr/bin/env bash
# Runs an example end to end: its server on a free TCP port, its client against it, then a
# graceful stop. Usage: run-example.sh SERVER CLIENT
set -euo pipefail
server_bin="$1"
client_bin="$2"
log=$(mktemp)
"$server_bin" --listen tcp://127.0.0.1:0 >"$log" 2>&1 &
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
"$client_bin" --connect "$uri"
kill -TERM $server
wait $server
echo
echo "== what the server printed"
cat "$log"
