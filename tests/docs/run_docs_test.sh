#!/usr/bin/env bash
# `rpcforge docs`: the HTML reference of a service, opened in headless Chromium and checked for
# what a reader sees: every method of the document listed and given its section, every link to a
# type or an error leading to its section, nothing on the console. A screenshot of each page is
# kept beside the test's output (ARTIFACTS/<service>.png).
#
#   run_docs_test.sh RPCFORGE CHROMIUM ARTIFACTS
set -euo pipefail
rpcforge=$1; chromium=$2; artifacts=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

browse() {  # browse OUTPUT-FLAG PAGE LOG: headless Chromium, its console on LOG
  # --no-sandbox: the suite may run as root (CI); the page is our own file.
  "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --window-size=1280,1600 \
    "$1" "file://$2" 2>>"$3"
}

# A service described by a C++ header gets its page too; what it must list is the document the
# same header gives (`rpcforge openrpc`).
notes_header=$root/examples/notes/include/notes/notes_service.hpp
header_flags=(-- -I"$root/examples/notes/include" -I"$root/runtime/include" -std=c++20)
"$rpcforge" openrpc "$notes_header" -o "$work/notes_header.openrpc.json" "${header_flags[@]}"

for document in "$root/examples/calculator/calculator.openrpc.json" "$root/examples/chat/chat.openrpc.json" \
                "$root/tests/fuzz/struct_heavy.openrpc.json" "$work/notes_header.openrpc.json"; do
  name=$(basename "$document" .openrpc.json)
  out=$work/$name
  if [ "$document" = "$work/notes_header.openrpc.json" ]; then
    "$rpcforge" docs "$notes_header" -o "$out" "${header_flags[@]}"
  else
    "$rpcforge" docs "$document" -o "$out"
  fi
  browse --dump-dom "$out/index.html" "$out/console.log" >"$out/dom.html"
  browse --screenshot="$artifacts/$name.png" "$out/index.html" "$out/console.log" >/dev/null
  [ -s "$artifacts/$name.png" ] || { echo "FAIL: no screenshot of $name" >&2; exit 1; }
  if grep -E "CONSOLE" "$out/console.log"; then
    echo "FAIL: the console of $name's page has messages (above)" >&2; exit 1
  fi
  python3 "$here/check_page.py" "$document" "$out/dom.html"
done
echo "docs: all pages checked"
