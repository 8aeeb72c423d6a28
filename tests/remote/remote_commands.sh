#!/usr/bin/env bash
# `rpcforge list` and `rpcforge call` against the calculator example, over TCP, over HTTP with a
# bearer token and over mutual TLS: what they print, and every exit code a script relies on.
#
#   remote_commands.sh RPCFORGE CALCULATOR_SERVER
set -euo pipefail
rpcforge=${1:?rpcforge}; server_binary=${2:?calculator_server}
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# start_server VARIABLE FLAGS...: starts a calculator with these flags (ports chosen by the
# system) and sets VARIABLE to the URI it announces.
start_server() {
  local variable=$1; shift
  local log=$work/server-${#servers[@]}.log
  "$server_binary" "$@" >"$log" 2>&1 &
  servers+=($!)
  for _ in $(seq 300); do
    local uri
    uri=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$log" | head -1)
    if [ -n "$uri" ]; then printf -v "$variable" '%s' "$uri"; return; fi
    sleep 0.05
  done
  cat "$log" >&2; fail "the calculator did not start"
}

# expect EXIT STDOUT-PATTERN STDERR-PATTERN -- COMMAND...: runs it, checks its exit code and that
# each output holds its pattern (grep -E; empty: anything).
expect() {
  local code=$1 out_pattern=$2 err_pattern=$3; shift 4
  local status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = "$code" ] || { cat "$work/out" "$work/err" >&2; fail "exit $status, not $code: $*"; }
  [ -z "$out_pattern" ] || grep -Eq -- "$out_pattern" "$work/out" || { cat "$work/out" >&2; fail "stdout lacks /$out_pattern/: $*"; }
  [ -z "$err_pattern" ] || grep -Eq -- "$err_pattern" "$work/err" || { cat "$work/err" >&2; fail "stderr lacks /$err_pattern/: $*"; }
}

start_server tcp --listen tcp://127.0.0.1:0

# list: the signatures and docs of rpc.discover.
expect 0 '^  add\(a: int64, b: int64\) -> int64$' '' -- "$rpcforge" list "$tcp"
expect 0 'sum\(a: int64, b: int64, c\?: int64 = 0, d\?: int64 = 0\) -> int64' '' -- "$rpcforge" list "$tcp"
expect 0 'error 1001: division by zero' '' -- "$rpcforge" list "$tcp"
expect 0 'notify_log\(message: string\)  \(notification\)' '' -- "$rpcforge" list "$tcp"

# call: by position, by name, JSON and plain words, --params.
expect 0 '^5$' '' -- "$rpcforge" call "$tcp" add 2 3
expect 0 '^5$' '' -- "$rpcforge" call "$tcp" add b=3 a=2
expect 0 '^10$' '' -- "$rpcforge" call "$tcp" sum 1 2 3 4
expect 0 '^3$' '' -- "$rpcforge" call "$tcp" sum 1 2
expect 0 '^"hello there"$' '' -- "$rpcforge" call "$tcp" echo "hello there"
expect 0 '"k": \[' '' -- "$rpcforge" call "$tcp" echo 'value={"k":[1,2]}'
expect 0 '^\{"k":\[1,2\]\}$' '' -- "$rpcforge" call "$tcp" echo 'value={"k":[1,2]}' --compact
expect 0 '^\{"z":1,"a":\{"y":2,"b":3\}\}$' '' -- "$rpcforge" call "$tcp" echo 'value={"z":1,"a":{"y":2,"b":3}}' --compact
expect 0 '^-1$' '' -- "$rpcforge" call "$tcp" --params '{"minuend": 2, "subtrahend": 3}' subtract
expect 0 '^-4$' '' -- "$rpcforge" call "$tcp" add -- -7 3

# Refused before sending, with the server's own words; the same call unchecked gets them from it.
expect 1 '' "add: error -32602: Invalid params: 'b' must be an integer, got a string" -- "$rpcforge" call "$tcp" add a=2 b=three
expect 1 '' 'nothing was sent' -- "$rpcforge" call "$tcp" add 1 2 3
expect 1 '' "sum: error -32602: Invalid params: expected parameters by position, got an object" -- \
  "$rpcforge" call "$tcp" sum a=1 b=2
expect 1 '' "Invalid params: 'calculation.operation' must be one of" -- \
  "$rpcforge" call "$tcp" calculate 'calculation={"operation":"modulo","operands":[1]}'
expect 1 '' "^error -32602: Invalid params: 'b' must be an integer, got a string$" -- \
  "$rpcforge" call "$tcp" add a=2 b=three --no-check
grep -q "nothing was sent" "$work/err" && fail "--no-check still checked"

# Error answers: declared errors with their data, unknown methods.
expect 1 '' '^error 1001: division by zero' -- "$rpcforge" call "$tcp" divide 1 0
expect 1 '' '^error -32601: Method not found' -- "$rpcforge" call "$tcp" no_such_method

# A notification, then the call that sees it; a batch, answered in order.
expect 0 '' '' -- "$rpcforge" call "$tcp" notify_log message=from-the-shell --notify
expect 0 'from-the-shell' '' -- "$rpcforge" call "$tcp" get_log --compact
printf '%s\n' '{"method": "add", "params": [1, 1]}' '{"method": "notify_log", "params": ["x"], "notification": true}' \
  '{"method": "divide", "params": {"dividend": 1, "divisor": 0}}' '{"method": "add", "params": [2, 2]}' >"$work/batch"
expect 1 '^2$' 'error 1001' -- "$rpcforge" call "$tcp" --batch "$work/batch"
[ "$(cat "$work/out")" = "$(printf '2\n4')" ] || fail "batch answers out of order: $(cat "$work/out")"
expect 0 '^3$' '' -- sh -c "echo '{\"method\": \"add\", \"params\": [1, 2]}' | \"$rpcforge\" call \"$tcp\" --batch -"

# No answer, and usage errors: exit 2.
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect 2 '' 'rpcforge: ' -- "$rpcforge" call "tcp://127.0.0.1:$closed_port" add 1 2 --timeout 5
expect 2 '' 'rpcforge: ' -- "$rpcforge" list "tcp://127.0.0.1:$closed_port" --timeout 5
expect 2 '' 'either all by name' -- "$rpcforge" call "$tcp" add 1 b=2
expect 2 '' 'give a method' -- "$rpcforge" call "$tcp"
expect 2 '' 'batch line 1' -- sh -c "echo 'not json' | \"$rpcforge\" call \"$tcp\" --batch -"
expect 2 '' '' -- "$rpcforge" call "$tcp" add 1 2 --timeout=-1
expect 2 '' '' -- "$rpcforge" call not-a-uri add 1 2

# HTTP with a bearer token: the credentials travel, and without them the server refuses.
echo "token-of-ann ann" >"$work/tokens"
start_server http --listen http://127.0.0.1:0/rpc --bearer-tokens "$work/tokens"
expect 0 '^5$' '' -- "$rpcforge" call "$http" add 2 3 --token token-of-ann
expect 0 'add\(a: int64' '' -- "$rpcforge" list "$http" --token token-of-ann
expect 2 '' 'HTTP 401' -- "$rpcforge" call "$http" add 2 3 --token wrong
# Mutual TLS: the client's certificate and the CA that signed the server's, from the flags.
"$(dirname "$0")/../../scripts/make-test-certificates.sh" "$work" /CN=alice
start_server tls --listen tls://127.0.0.1:0 --tls-cert "$work/server.crt" --tls-key "$work/server.key" \
  --tls-ca "$work/ca.crt"
client_flags=(--tls-cert "$work/client.crt" --tls-key "$work/client.key")
expect 0 '^5$' '' -- "$rpcforge" call "$tls" add 2 3 --tls-ca "$work/ca.crt" "${client_flags[@]}"
expect 0 'add\(a: int64' '' -- "$rpcforge" list "$tls" --tls-ca "$work/ca.crt" "${client_flags[@]}"
expect 0 '^5$' '' -- "$rpcforge" call "$tls" add 2 3 --tls-insecure "${client_flags[@]}"
expect 2 '' 'rpcforge: ' -- "$rpcforge" call "$tls" add 2 3 "${client_flags[@]}" --timeout 10  # server not trusted
expect 2 '' 'rpcforge: ' -- "$rpcforge" call "$tls" add 2 3 --tls-ca "$work/ca.crt" --timeout 10  # no client cert
echo "remote commands: all checks passed"
