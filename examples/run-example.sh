#!/usr/bin/env bash
# Runs the demo end to end: the server on a free TCP port, the client against it, then a
# graceful stop. Usage: run-demo.sh BUILD_DIR
set -euo pipefail
bin="$1/examples/demo"
log=$(mktemp)
"$bin/demo_server" --listen tcp://127.0.0.1:0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 100); do
  uri=$(sed -n 's/^listening on //p' "$log")
  [ -n "$uri" ] && break
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.05
done
[ -n "$uri" ] || { echo "demo: the server did not start" >&2; cat "$log"; exit 1; }

echo "demo server listening on $uri"
"$bin/demo_client" --connect "$uri"
kill -TERM $server
wait $server
echo
echo "== what the server printed"
cat "$log"
