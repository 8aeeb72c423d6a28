#!/usr/bin/env bash
# The example servers' and clients' TLS flags end to end, with certificates made here by
# openssl: the notes over https://, the calculator over tls:// and, with mutual TLS (the
# server asks for the client's certificate), over wss://.
# Usage: run-over-tls.sh NOTES_SERVER NOTES_CLIENT CALCULATOR_SERVER CALCULATOR_CLIENT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certs=$(mktemp -d)
trap 'rm -rf "$certs"' EXIT

# A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA.
"$here/../scripts/make-test-certificates.sh" "$certs" "/CN=examples client"

server_tls=(--server-arg --tls-cert --server-arg "$certs/server.crt" --server-arg --tls-key --server-arg "$certs/server.key")
trust_ca=(--client-arg --tls-ca --client-arg "$certs/ca.crt")

echo "== notes over https://"
"$here/run-example.sh" --listen "https://127.0.0.1:0/rpc" "${server_tls[@]}" "${trust_ca[@]}" "$1" "$2"
echo "== calculator over tls://"
"$here/run-example.sh" --listen "tls://127.0.0.1:0" "${server_tls[@]}" "${trust_ca[@]}" "$3" "$4"
echo "== calculator over wss://, mutual TLS"
"$here/run-example.sh" --listen "wss://127.0.0.1:0/rpc" "${server_tls[@]}" --server-arg --tls-ca --server-arg "$certs/ca.crt" \
  "${trust_ca[@]}" --client-arg --tls-cert --client-arg "$certs/client.crt" --client-arg --tls-key --client-arg "$certs/client.key" \
  "$3" "$4"
echo "every TLS endpoint kind worked"
