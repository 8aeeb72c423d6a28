#!/bin/sh
# `rpcforge diff` as CI runs it: exit 0 when no client breaks (its report on stdout), 1 when
# one does, 2 when an input has errors or the command line is wrong.
#   diff_command.sh RPCFORGE SOURCE_DIR SCRATCH_DIR
set -u
rpcforge=$1 source=$2 scratch=$3
calculator=$source/examples/calculator/calculator.openrpc.json
mkdir -p "$scratch"
fail() { echo "diff_command.sh: $*" >&2; exit 1; }

"$rpcforge" diff "$calculator" "$calculator" > "$scratch/same.out" || fail "the same document: exit $?"
[ ! -s "$scratch/same.out" ] || fail "the same document: reported $(cat "$scratch/same.out")"

# The calculator without its method "subtract".
sed 's/"name": "subtract"/"name": "minus"/' "$calculator" > "$scratch/renamed.json"
"$rpcforge" diff "$calculator" "$scratch/renamed.json" > "$scratch/renamed.out"
code=$?
[ "$code" = 1 ] || fail "a removed method: exit $code, not 1"
grep -q "error: method 'subtract' is removed" "$scratch/renamed.out" || fail "a removed method: $(cat "$scratch/renamed.out")"
grep -q "warning: method 'minus' is new" "$scratch/renamed.out" || fail "an added method: $(cat "$scratch/renamed.out")"

echo '{"openrpc": "1.3.2"}' > "$scratch/broken.json"
"$rpcforge" diff "$calculator" "$scratch/broken.json" > /dev/null 2> "$scratch/broken.err"
code=$?
[ "$code" = 2 ] || fail "an input with errors: exit $code, not 2"
grep -q "broken.json:1:1: error: missing required property 'info'" "$scratch/broken.err" || fail "$(cat "$scratch/broken.err")"

"$rpcforge" diff "$calculator" > /dev/null 2>&1
code=$?
[ "$code" = 2 ] || fail "one input only: exit $code, not 2"
# Annotated C++ headers, with the flags after -- for both: an alias dropped, a result changed.
mkdir -p "$scratch/include/notes"
sed 's/virtual bool remove(std::int64_t id)/virtual std::int32_t remove(std::int64_t id)/; s/RPCFORGE_ALIAS("delete") //' \
  "$source/examples/notes/include/notes/notes_service.hpp" > "$scratch/include/notes/notes_service.hpp"
"$rpcforge" diff "$source/examples/notes/include/notes/notes_service.hpp" "$scratch/include/notes/notes_service.hpp" \
  -- "-I$source/runtime/include" > "$scratch/headers.out"
code=$?
[ "$code" = 1 ] || fail "headers: exit $code, not 1"
grep -q "error: method 'remove' no longer answers to its alias 'delete'" "$scratch/headers.out" || fail "$(cat "$scratch/headers.out")"
grep -q "error: the result of method 'remove': new servers write int32, existing clients read bool" "$scratch/headers.out" \
  || fail "$(cat "$scratch/headers.out")"

echo "diff_command.sh: exit codes 0, 1, 2 as documented"
