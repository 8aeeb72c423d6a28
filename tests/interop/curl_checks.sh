#!/usr/bin/env bash
# curl against the rpcforge server interop_server on http://127.0.0.1:PORT/rpc: calls,
# notifications, parse errors, HTTP/1.0, gzip both ways, cookies and headers both ways, CBOR.
# Usage: curl_checks.sh PORT. Exits 1 at the first mismatch, saying what it got.
set -euo pipefail
url="http://127.0.0.1:$1/rpc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $1: got: $2" >&2; exit 1; }
expect() {  # expect NAME GOT WANTED
  [ "$2" = "$3" ] || fail "$1" "$2 (wanted $3)"
  echo "ok: $1"
}
post() { curl -sS --max-time 10 -H 'Content-Type: application/json' "$@" "$url"; }

expect "a call" "$(post -d '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}')" \
  '{"jsonrpc":"2.0","result":19,"id":1}'
expect "a notification: 200, empty" \
  "$(post -o /dev/null -w '%{http_code} %{size_download}' -d '{"jsonrpc":"2.0","method":"log","params":["from curl"]}')" \
  "200 0"
got=$(post -w ' %{http_code}' -d '{"jsonrpc":"2.0","method":')
[[ $got == *'"code":-32700'* && $got == *'"id":null'* && $got == *' 200' ]] || fail "invalid JSON: 200 with -32700" "$got"
echo "ok: invalid JSON: 200 with -32700"
expect "application/json-rpc" \
  "$(curl -sS --max-time 10 -H 'Content-Type: application/json-rpc' -d '{"jsonrpc":"2.0","method":"get_log","id":2}' "$url")" \
  '{"jsonrpc":"2.0","result":["from curl"],"id":2}'
expect "HTTP/1.0" "$(post -0 -d '{"jsonrpc":"2.0","method":"subtract","params":[1,2],"id":3}')" \
  '{"jsonrpc":"2.0","result":-1,"id":3}'

big=$(printf 'x%.0s' $(seq 3000))
headers=$(post --compressed -D - -o "$work/body" -d '{"jsonrpc":"2.0","method":"echo","params":["'"$big"'"],"id":4}')
grep -qi '^content-encoding: gzip' <<<"$headers" || fail "gzip answer" "$headers"
expect "gzip answer" "$(cat "$work/body")" '{"jsonrpc":"2.0","result":"'"$big"'","id":4}'
printf '%s' '{"jsonrpc":"2.0","method":"subtract","params":[10,4],"id":5}' | gzip -c >"$work/request.gz"
expect "gzip request" "$(post -H 'Content-Encoding: gzip' --data-binary @"$work/request.gz")" \
  '{"jsonrpc":"2.0","result":6,"id":5}'

post -c "$work/jar" -o /dev/null -d '{"jsonrpc":"2.0","method":"login","params":["carol"],"id":6}'
expect "cookies and headers" \
  "$(post -b "$work/jar" -A 'curl-interop' -d '{"jsonrpc":"2.0","method":"whoami","id":7}')" \
  '{"jsonrpc":"2.0","result":{"user":"carol","agent":"curl-interop"},"id":7}'
# CBOR both ways: {"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}, written byte
# for byte, answered with {"jsonrpc":"2.0","result":19,"id":1} in CBOR.
hex() { od -An -tx1 | tr -d ' \n'; }
printf '\xa4\x67jsonrpc\x632.0\x66method\x68subtract\x66params\x82\x18\x2a\x17\x62id\x01' >"$work/call.cbor"
headers=$(curl -sS --max-time 10 -H 'Content-Type: application/cbor' --data-binary @"$work/call.cbor" \
  -D - -o "$work/answer.cbor" "$url")
grep -qi '^content-type: application/cbor' <<<"$headers" || fail "CBOR answer's Content-Type" "$headers"
expect "a call in CBOR" "$(hex <"$work/answer.cbor")" \
  "$(printf '\xa3\x67jsonrpc\x632.0\x66result\x13\x62id\x01' | hex)"
# "code": -32700 in CBOR is the text "code" (64 63 6f 64 65), then -1-32699 (39 7f bb).
got=$(printf '\xa4\x67json' | curl -sS --max-time 10 -H 'Content-Type: application/cbor' --data-binary @- "$url" | hex)
[[ $got == *'64636f6465397fbb'* ]] || fail "broken CBOR: -32700 in CBOR" "$got"
echo "ok: broken CBOR: -32700 in CBOR"
echo "curl: all checks passed"
