#!/usr/bin/env bash
# The generated TypeScript clients: every service of the repository's OpenRPC documents compiles
# with tsc in strict mode; the calculator's, with calculator_client_test.ts, then runs under Node
# against the calculator served on HTTP and WebSocket.
#
#   run_typescript_test.sh RPCFORGE TSC NODE CALCULATOR_SERVER NODE_MODULES WORK_DIR
set -euo pipefail
rpcforge=$1; tsc=$2; node=$3; server_binary=$4; node_modules=$(cd "$5" && pwd); work=$6
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

rm -rf "$work" && mkdir -p "$work"
"$rpcforge" generate "$root/examples/calculator/calculator.openrpc.json" -o "$work" --lang typescript
cp "$here/calculator_client_test.ts" "$work/"
# Strict, and nothing but the standard library, Node's types and ws's (from the interop tests' npm
# folder): the generated code must compile as a user's strict project compiles it.
cat >"$work/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "noUnusedLocals": true, "noImplicitReturns": true,
    "target": "es2020", "module": "commonjs", "lib": ["es2020", "dom"], "esModuleInterop": true,
    "outDir": "out", "typeRoots": ["$node_modules/@types"], "types": ["node", "ws"],
    "baseUrl": ".", "paths": {"ws": ["$node_modules/@types/ws"]}
  },
  "files": ["calculator_client_test.ts"]
}
JSON
(cd "$work" && "$tsc" -p .)

# Every kind of type, callbacks, names TypeScript reserves: each client compiles on its own.
for document in "$root"/examples/*/*.openrpc.json "$root"/tests/generator/emit/*.openrpc.json \
                "$root"/tests/fuzz/struct_heavy.openrpc.json "$root"/bench/service/bench.openrpc.json; do
  out=$work/each/$(basename "$document" .openrpc.json)
  "$rpcforge" generate "$document" -o "$out" --lang typescript
  (cd "$out" && "$tsc" --strict --noUnusedLocals --noImplicitReturns --target es2020 --module commonjs \
     --lib es2020,dom --noEmit ./*.ts) || { echo "FAIL: the TypeScript client of $document does not compile" >&2; exit 1; }
done

# A service described by a C++ header compiles the same way.
"$rpcforge" generate "$root/examples/notes/include/notes/notes_service.hpp" -o "$work/each/notes" --lang typescript \
  -- -I"$root/examples/notes/include" -I"$root/runtime/include" -std=c++20
(cd "$work/each/notes" && "$tsc" --strict --noUnusedLocals --noImplicitReturns --target es2020 --module commonjs \
   --lib es2020,dom --noEmit ./*.ts) || { echo "FAIL: the TypeScript client of the notes header does not compile" >&2; exit 1; }

log=$work/server.log
"$server_binary" --listen http://127.0.0.1:0/rpc --listen ws://127.0.0.1:0/rpc >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  [ "$(grep -c "listening on" "$log")" -ge 2 ] && break
  sleep 0.05
done
http=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
ws=$(sed -n 's/.*listening on \(ws:[^ ]*\).*/\1/p' "$log")
[ -n "$http" ] && [ -n "$ws" ] || { cat "$log" >&2; echo "FAIL: the calculator did not start" >&2; exit 1; }
NODE_PATH=$node_modules "$node" "$work/out/calculator_client_test.js" "$http" "$ws"
