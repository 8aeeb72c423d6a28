#!/usr/bin/env bash
# The calculator example served as an operator runs it: the standard server's flags from a
# config file, bearer tokens, metrics, health, an access log. Then, with real tools:
#   - curl makes CALLS authenticated calls and one without credentials (401);
#   - promtool checks the /metrics text;
#   - a real Prometheus scrapes the server, and its query API must report exactly CALLS calls;
#   - the access log is moved away and SIGHUP makes the server write a new one;
#   - SIGTERM with --drain: /healthz answers 503 "draining" while calls are still answered.
# Usage: calculator_observed.sh CALCULATOR_SERVER
set -euo pipefail
server_bin=${1:?usage: calculator_observed.sh CALCULATOR_SERVER}
for tool in curl promtool prometheus python3; do
  command -v "$tool" >/dev/null || { echo "calculator_observed: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

scratch=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "calculator_observed: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Waits up to 20 s for a command to succeed.
wait_for() { for _ in $(seq 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

# --- the server, configured by file -------------------------------------------------------------
echo "s3cret alice operator" >"$scratch/tokens"
cat >"$scratch/calculator.toml" <<EOF
listen = ["http://127.0.0.1:0/rpc"]
bearer-tokens = "$scratch/tokens"
metrics-route = "/metrics"
health-route = "/healthz"
rpc-health = true
access-log = "$scratch/access.log"
drain = 3
EOF
"$server_bin" --config "$scratch/calculator.toml" >"$scratch/server.out" 2>&1 &
server=$!
pids+=("$server")
wait_for grep -q '^listening on ' "$scratch/server.out" || { cat "$scratch/server.out"; fail "the server did not start"; }
uri=$(sed -n 's/^listening on //p' "$scratch/server.out")
base=${uri%/rpc}
echo "calculator_server listening on $uri"

call() {  # call METHOD PARAMS [TOKEN] -> prints the HTTP status, the body in $scratch/body
  local token=${3:-}
  curl -s -o "$scratch/body" -w '%{http_code}' -H 'Content-Type: application/json' \
    ${token:+-H "Authorization: Bearer $token"} \
    --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$uri"
}

calls=7
for i in $(seq $calls); do
  status=$(call add "[$i, 1]" s3cret)
  [ "$status" = 200 ] || fail "add with a token answered $status"
  grep -q "\"result\":$((i + 1))" "$scratch/body" || fail "add($i, 1) answered $(cat "$scratch/body")"
done
status=$(call add "[1, 1]")
[ "$status" = 401 ] || fail "a call without a token answered $status, not 401"
status=$(call rpc.health "[]" s3cret)
grep -q '"status":"serving"' "$scratch/body" || fail "rpc.health answered $(cat "$scratch/body")"
echo "curl: $calls calls of add answered, one without a token refused with 401, rpc.health serving"

# --- promtool on the text -----------------------------------------------------------------------
curl -sf "$base/metrics" >"$scratch/metrics.txt" || fail "GET /metrics failed"
promtool check metrics <"$scratch/metrics.txt" || fail "promtool check metrics found problems (above)"
grep -q "^rpcforge_calls_total{method=\"add\",code=\"0\"} $calls\$" "$scratch/metrics.txt" \
  || fail "/metrics does not count $calls calls of add: $(grep rpcforge_calls_total "$scratch/metrics.txt")"
grep -q '^rpcforge_authentications_total{outcome="missing"} 1$' "$scratch/metrics.txt" \
  || fail "/metrics does not count the call without credentials"
echo "promtool: /metrics is well-formed"

# --- a real Prometheus scrapes it ---------------------------------------------------------------
prometheus_port=$(free_port)
cat >"$scratch/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: calculator
    metrics_path: /metrics
    static_configs:
      - targets: ["${base#http://}"]
EOF
prometheus --config.file="$scratch/prometheus.yml" --storage.tsdb.path="$scratch/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$scratch/prometheus.out" 2>&1 &
pids+=("$!")
query() {  # the value of an instant query, or nothing
  curl -sf "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
scraped() { [ "$(query 'sum(rpcforge_calls_total{job="calculator",method="add"})')" = "$calls" ]; }
wait_for scraped || { tail -20 "$scratch/prometheus.out"; fail "Prometheus did not report $calls calls of add: '$(query 'sum(rpcforge_calls_total{method="add"})')'"; }
[ "$(query 'rpcforge_call_duration_seconds_count{job="calculator",method="add"}')" = "$calls" ] \
  || fail "Prometheus has a different histogram count"
echo "prometheus: scraped the server; its query API reports $calls calls of add"

# --- the access log, rotated --------------------------------------------------------------------
lines=$(wc -l <"$scratch/access.log")
[ "$lines" = $((calls + 1)) ] || fail "the access log has $lines lines, not $((calls + 1)) (add x$calls, rpc.health)"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$scratch/access.log" || fail "an access log line is not JSON"
grep -q '"identity":"alice"' "$scratch/access.log" || fail "the access log does not name alice"
mv "$scratch/access.log" "$scratch/access.log.1"
kill -HUP "$server"
sleep 0.2
status=$(call add "[2, 2]" s3cret)
[ "$status" = 200 ] || fail "add after SIGHUP answered $status"
[ "$(wc -l <"$scratch/access.log")" = 1 ] || fail "after SIGHUP the new access log has no line of its own"
echo "access log: one JSON line per call; reopened on SIGHUP"

# --- draining on SIGTERM ------------------------------------------------------------------------
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] || fail "/healthz is not 200 while serving"
kill -TERM "$server"
draining() { curl -s "$base/healthz" | grep -q '"status":"draining"'; }
wait_for draining || fail "/healthz never said draining after SIGTERM"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 503 ] || fail "/healthz is not 503 while draining"
status=$(call add "[3, 3]" s3cret)
[ "$status" = 200 ] || fail "a call while draining answered $status"
wait "$server" || fail "the server exited with status $?"
echo "drain: /healthz 503 draining while calls were answered; then a clean exit"
echo "calculator observed: all checks passed"
