#!/usr/bin/env bash
# Runs a conversation in the chat example: a server on free ports (WebSocket and HTTP), bob
# listening, a second "bob" refused, a client over HTTP refused (HTTP cannot carry callbacks),
# then alice speaking; bob must hear her through the server's typed callbacks.
# Usage: run-chat.sh CHAT_SERVER CHAT_CLIENT
set -euo pipefail
server_bin="$1"
client_bin="$2"
dir=$(mktemp -d)
server=""
bob=""
trap 'kill $server $bob 2>/dev/null || true; rm -rf "$dir"' EXIT

fail() {
  echo "run-chat: $*" >&2
  for log in "$dir"/*.log; do echo "== $(basename "$log")"; cat "$log"; done
  exit 1
}

# Waits (at most 10 s) until FILE has a line matching PATTERN.
wait_for_line() {
  local file="$1" pattern="$2"
  for _ in $(seq 200); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$server" 2>/dev/null || fail "the server exited"
    sleep 0.05
  done
  fail "no line matching '$pattern' in $(basename "$file")"
}

"$server_bin" --listen ws://127.0.0.1:0/chat --listen http://127.0.0.1:0/chat >"$dir/server.log" 2>&1 &
server=$!
wait_for_line "$dir/server.log" "^listening on http://"
ws_uri=$(sed -n 's/^listening on \(ws:.*\)/\1/p' "$dir/server.log")
http_uri=$(sed -n 's/^listening on \(http:.*\)/\1/p' "$dir/server.log")
echo "chat_server listening on $ws_uri and $http_uri"

"$client_bin" --connect "$ws_uri" --name bob --wait-for 2 >"$dir/bob.log" 2>&1 &
bob=$!
wait_for_line "$dir/server.log" "^bob joined from ws://127.0.0.1:"

if "$client_bin" --connect "$ws_uri" --name bob --say "me too" >"$dir/second-bob.log" 2>&1; then
  fail "a second bob was let in"
fi
grep -q "bob: that name is taken" "$dir/second-bob.log" || fail "the second bob was not told the name is taken"

if "$client_bin" --connect "$http_uri" --name carol --say "hi" >"$dir/carol.log" 2>&1; then
  fail "carol joined over HTTP, which cannot carry callbacks"
fi
grep -q "cannot carry the room's callbacks" "$dir/carol.log" || fail "carol was not told why"

"$client_bin" --connect "$ws_uri" --name alice --say "hello bob" --say "bye" --wait-for 2 >"$dir/alice.log" 2>&1 ||
  fail "alice could not speak"
wait "$bob" || fail "bob did not hear alice"
bob=""
grep -q "^\* alice joined" "$dir/bob.log" || fail "bob did not hear alice join"
grep -q "^\[1\] alice: hello bob" "$dir/bob.log" || fail "bob did not hear alice's first message"
grep -q "^\[2\] alice: bye" "$dir/bob.log" || fail "bob did not hear alice's second message"
grep -q "^in the room: bob, alice" "$dir/alice.log" || fail "alice was not told who is in the room"
wait_for_line "$dir/server.log" "^alice left"
wait_for_line "$dir/server.log" "^bob left"

kill -TERM "$server"
wait "$server"
server=""
for log in bob alice second-bob carol server; do echo "== $log"; cat "$dir/$log.log"; done
echo "the conversation went as expected"
