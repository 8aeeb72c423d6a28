#!/usr/bin/env bash
# `rpcforge list` and `rpcforge call` against jayson's HTTP server (tests/interop/jayson_server.js),
# a third-party JSON-RPC 2.0 server with no rpc.discover: list says so, call sends unchecked.
#
#   jayson_calls.sh RPCFORGE URL
set -euo pipefail
rpcforge=${1:?rpcforge}; url=${2:?url}
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "FAIL: $*" >&2; cat "$out" "$err" >&2; exit 1; }

run() {  # run EXIT COMMAND...
  local code=$1 status=0; shift
  "$@" >"$out" 2>"$err" || status=$?
  [ "$status" = "$code" ] || fail "exit $status, not $code: $*"
}

run 1 "$rpcforge" list "$url"
grep -q "has no rpc.discover" "$err" || fail "list did not say the server has no rpc.discover"

run 0 "$rpcforge" call "$url" add 2 3
[ "$(cat "$out")" = 5 ] || fail "add 2 3 printed $(cat "$out")"
run 0 "$rpcforge" call "$url" add a=20 b=22
[ "$(cat "$out")" = 42 ] || fail "add a=20 b=22 printed $(cat "$out")"
run 0 "$rpcforge" call "$url" echo 'text=hi' 'list=[1,2]' --compact
[ "$(cat "$out")" = '{"text":"hi","list":[1,2]}' ] || fail "echo printed $(cat "$out") (named arguments in the order given, kept both ways)"

run 0 "$rpcforge" call "$url" record 'from rpcforge' --notify
run 0 "$rpcforge" call "$url" recorded --compact
grep -q 'from rpcforge' "$out" || fail "the notification was not recorded: $(cat "$out")"

run 1 "$rpcforge" call "$url" refuse 1
grep -q '^error -32050: refused' "$err" && grep -q 'data: {.*always refuses' "$err" || fail "the error and its data were not printed"

run 1 "$rpcforge" call "$url" no_such_method
grep -q '^error -32601' "$err" || fail "an unknown method did not answer -32601"
echo "rpcforge call against jayson: all checks passed"
