#!/bin/sh
# Every service of the repository, through `rpcforge openrpc`, gives a document that validates
# against the official OpenRPC meta-schema (validate.js), that rpcforge reads back to the
# same document (what it writes, it reads), and that `rpcforge diff` finds no change in. Also
# validated as they are: the golden documents.
#
#   validate_emitted.sh RPCFORGE NODE NODE_MODULES OUT_DIR SOURCE_DIR
set -eu
rpcforge=$1 node=$2 modules=$3 out=$4 source=$5
mkdir -p "$out"

header_flags="-I$source/runtime/include"
# Every OpenRPC document in the sources, found rather than listed, so a new service is covered
# without touching this file (goldens are rpcforge's output already: validated as they are).
documents=$(cd "$source" && find examples bench tests discovery -name '*.openrpc.json' -not -path 'tests/golden/*' | sort)
# The annotated headers that build on their own (tests/packaging's clock.hpp includes a header
# made at configure time).
headers="examples/notes/include/notes/notes_service.hpp bench/services/inventory/inventory_service.hpp
  tests/generator/cpp/headers/everything.hpp"
[ -n "$documents" ] || { echo "validate_emitted.sh: no OpenRPC documents under $source" >&2; exit 1; }

written=""
for input in $documents $headers; do
  name=$(echo "$input" | tr / _ | sed 's/\.[a-z.]*$//')  # by path: two files may share a name
  case $input in
    *.json) "$rpcforge" openrpc "$source/$input" -o "$out/$name.openrpc.json" ;;
    *) "$rpcforge" openrpc "$source/$input" -o "$out/$name.openrpc.json" -- $header_flags ;;
  esac
  "$rpcforge" openrpc "$out/$name.openrpc.json" -o "$out/$name.again.openrpc.json"
  if ! cmp -s "$out/$name.openrpc.json" "$out/$name.again.openrpc.json"; then
    echo "$input: the document rpcforge wrote reads back to a different one:" >&2
    diff "$out/$name.openrpc.json" "$out/$name.again.openrpc.json" >&2 || true
    exit 1
  fi
  # Normalising changes no contract: `rpcforge diff` sees nothing between input and output.
  case $input in *.json) flags="" ;; *) flags="-- $header_flags" ;; esac
  if ! "$rpcforge" diff "$source/$input" "$out/$name.openrpc.json" $flags > "$out/$name.diff" 2>&1 ||
     [ -s "$out/$name.diff" ]; then
    echo "$input: rpcforge diff finds changes between it and its normalised document:" >&2
    cat "$out/$name.diff" >&2
    exit 1
  fi
  written="$written $out/$name.openrpc.json"
done

NODE_PATH=$modules "$node" "$source/tests/openrpc_meta_schema/validate.js" $written \
  "$source/tests/golden/calculator/calculator.openrpc.json" "$source/tests/golden/notes/notes_service.openrpc.json"
